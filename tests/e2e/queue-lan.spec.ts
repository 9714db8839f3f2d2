import { createServer } from 'node:net';
import { generateStationKeyPair, keyFingerprint } from '../../electron/core/batch/raw-keys.js';
import { sealRequest } from '../../electron/core/queue/lan-box.js';
import { newNonce, signRequest } from '../../electron/core/queue/lan-sign.js';
import { expectNoAxeViolations } from './axe.js';
import { chooseLanguage, expect, invoke, test } from './fixtures.js';

/**
 * One centre, many desks (issue 17) in Chromium: the supervisor makes this station the queue host, a desk on the
 * network asks to join with a signed request, and the supervisor admits it by its fingerprint, in three languages.
 */

const SHOTS = process.env['QUEUE_SHOTS'];
test.describe.configure({ timeout: 120_000 });

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

test('the supervisor makes this station the queue host and admits a greeter by its fingerprint', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^Dashboard/ })
    .click();
  await page.getByRole('button', { name: 'The queue today' }).click();
  const lan = page.getByRole('form', { name: 'Queue on the network' });
  await expect(lan.getByRole('radio', { name: 'On this station only' })).toBeChecked();
  await expect(lan.getByText(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/)).toBeVisible();

  // A bad address is said at its field.
  await lan.getByRole('radio', { name: 'This station is the queue host for the centre’s desks' }).check();
  await lan.getByLabel('Address to listen on').fill('everywhere');
  await lan.getByRole('button', { name: 'Save the network settings' }).click();
  await expect(lan.getByRole('alert')).toHaveText('Type an address and a port, such as 0.0.0.0:8470.');

  const port = await freePort();
  await lan.getByLabel('Address to listen on').fill(`127.0.0.1:${port}`);
  await lan.getByRole('button', { name: 'Save the network settings' }).click();
  const members = page.getByRole('region', { name: 'Desks and greeters of the queue host' });
  await expect(members).toContainText('No station has asked to join yet.');

  // A greeter's station on the network asks the host (a signed request): it is listed, asking to join.
  const door = generateStationKeyPair();
  const fingerprint = keyFingerprint(door.publicKey);
  // Its body sealed to the host's box key for this run (lan-box.ts), which the host gives in a signed answer.
  const knock = async () => {
    const keyAnswer = await fetch(`http://127.0.0.1:${port}/queue/key`, {
      method: 'POST',
      headers: signRequest(door, 'POST', '/queue/key', '', Date.now()),
      body: '',
    }).catch(() => undefined);
    if (keyAnswer?.status !== 200) return keyAnswer?.status;
    const { boxKey } = (await keyAnswer.json()) as { boxKey: string };
    const time = Date.now();
    const nonce = newNonce();
    const box = sealRequest(boxKey, { method: 'POST', path: '/queue/hello', time, nonce, stationKey: door.publicKey }, JSON.stringify({ label: 'Side door' }));
    const res = await fetch(`http://127.0.0.1:${port}/queue/hello`, {
      method: 'POST',
      headers: { ...signRequest(door, 'POST', '/queue/hello', box.body, time, nonce), 'Content-Type': 'application/json' },
      body: box.body,
    }).catch(() => undefined);
    return res?.status;
  };
  await expect.poll(knock).toBe(403);
  await expect(members.getByRole('cell', { name: fingerprint, exact: true })).toBeVisible();
  await expect(members.getByLabel(`Name for the station ${fingerprint}`)).toHaveValue('Side door');
  await members.getByLabel(`Role of the station ${fingerprint}`).selectOption({ label: 'Greeter' });
  await members.getByRole('button', { name: `Admit the station ${fingerprint}` }).click();
  await expect(members.getByRole('status')).toHaveText('Side door is admitted.');
  await expect(members.getByRole('row', { name: new RegExp(fingerprint) })).toContainText('Admitted');
  await expect(members.getByRole('button', { name: 'Remove Side door' })).toBeVisible();

  for (const language of ['en', 'hy', 'ru'] as const) {
    await chooseLanguage(page, language);
    await expectNoAxeViolations(page, `the queue host's settings in ${language}`);
    if (SHOTS) {
      await page.locator('#queue-lan').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/queue-lan-${language}.png` });
    }
  }
  await chooseLanguage(page, 'en');
  await members.getByRole('button', { name: 'Remove Side door' }).click();
  await expect(members.getByRole('row', { name: new RegExp(fingerprint) })).toContainText('Removed');
});

test('a desk whose queue host does not answer says so in its bar, and a call says why nothing was called', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const port = await freePort();
  const host = generateStationKeyPair();
  await invoke(page, 'queue.saveLanSettings', {
    listen: '',
    hostUrl: `http://127.0.0.1:${port}`,
    hostFingerprint: keyFingerprint(host.publicKey),
    leaseSize: 3,
    leaseMinutes: 30,
  });
  await page.reload();
  const bar = page.getByRole('region', { name: 'Queue at this desk' });
  await expect(bar).toContainText('The queue host does not answer, and no ticket kept for this desk is left.');
  await page.keyboard.press('F10');
  await expect(bar.getByRole('status')).not.toBeEmpty();
  for (const language of ['en', 'hy', 'ru'] as const) {
    await chooseLanguage(page, language);
    await expectNoAxeViolations(page, `the desk cut off from its queue host in ${language}`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/desk-cut-off-${language}.png` });
  }
});
