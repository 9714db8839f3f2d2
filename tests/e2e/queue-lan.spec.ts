import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stationPublicKey } from '../../electron/core/batch/keys.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { openCore } from '../../electron/core/index.js';
import { createQueueHostServer } from '../../electron/core/queue/host-server.js';
import { admitMember } from '../../electron/core/queue/lan-host.js';
import { cancelTicket, issueTicket } from '../../electron/core/queue/tickets.js';
import { sql } from '../../electron/core/db/statements.js';
import { generateStationKeyPair, keyFingerprint } from '../../electron/core/batch/raw-keys.js';
import { sealRequest } from '../../electron/core/queue/lan-box.js';
import { newNonce, signRequest } from '../../electron/core/queue/lan-sign.js';
import { expectNoAxeViolations } from './axe.js';
import type { Page } from '@playwright/test';
import { chooseLanguage, expect, invoke, test } from './fixtures.js';

/**
 * One centre, many desks (issue 17) in Chromium: the supervisor makes this station the queue host, a desk on the
 * network asks to join with a signed request, and the supervisor admits it by its fingerprint, in three languages.
 */

const SHOTS = process.env['QUEUE_SHOTS'];
test.describe.configure({ timeout: 120_000 });

/**
 * A queue host for the desk on the page: another station's folder, serving on 127.0.0.1 from this test's process; the
 * desk's settings point at it, the desk asks to join (a signed request) and is admitted as `role` under `label`.
 */
async function startQueueHost(page: Page, role: 'desk' | 'greeter', label: string) {
  const dir = mkdtempSync(join(tmpdir(), 'intake-e2e-host-'));
  const core = openCore({ dataDir: dir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Hub' } });
  let server = await createQueueHostServer(core, { port: 0 });
  const port = server.port;
  await invoke(page, 'queue.saveLanSettings', {
    listen: '',
    hostUrl: server.url,
    hostFingerprint: keyFingerprint(stationPublicKey(core.ctx.db)!),
    leaseSize: 3,
    leaseMinutes: 30,
  });
  const own = await invoke<{ ownFingerprint: string }>(page, 'queue.lanSettings', {});
  expect(await invoke<{ state: string }>(page, 'queue.hostStatus', {})).toMatchObject({ state: 'pending' });
  const member = admitMember(core.ctx, SYSTEM_ACTOR, { fingerprint: own.ownFingerprint, label, role });
  return {
    core,
    member,
    url: server.url,
    /** The host stops answering (the network goes). */
    stop: () => server.close(),
    /** The host answers again, at the same address. */
    restart: async () => {
      server = await createQueueHostServer(core, { port });
    },
    close: async () => {
      await server.close();
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

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

test('a desk is told when the queue host refused a call it made while cut off, and to call the next ticket', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const host = await startQueueHost(page, 'desk', 'Desk 7');
  try {
    const first = issueTicket(host.core.ctx, SYSTEM_ACTOR, { householdSize: 3, language: 'ru', priority: [], headName: 'Anna Petrosyan' });
    issueTicket(host.core.ctx, SYSTEM_ACTOR, { householdSize: 2, language: 'hy', priority: [], headName: 'Aram Sargsyan' });
    await page.reload();
    const bar = page.getByRole('region', { name: 'Queue at this desk' });
    await expect(bar).toContainText('Connected to the queue host.');
    // The network goes; the desk calls from the tickets kept for it.
    await host.stop();
    await page.keyboard.press('F10');
    await expect(bar).toContainText(first.number);
    await expect(bar).toContainText('The queue host does not answer: calling from 1 ticket kept for this desk.');
    // Meanwhile the family left and its ticket was cancelled on the host: back in touch, the call is refused.
    cancelTicket(host.core.ctx, SYSTEM_ACTOR, first.id);
    await host.restart();
    await page.reload();
    // (Found by its number: the bar's name changes with the screen's language.)
    const refused = page.getByRole('alert').filter({ hasText: first.number });
    await expect(refused).toContainText('The queue host refused a call this desk made while it did not answer');
    await expect(refused).toContainText(
      `Ticket ${first.number} was called at another desk, or ended, while this desk was cut off: another desk serves that family. Call the next ticket.`,
    );
    await expect(bar).toContainText('Connected to the queue host.');
    for (const language of ['en', 'hy', 'ru'] as const) {
      await chooseLanguage(page, language);
      await expect(refused).toContainText(first.number);
      await expectNoAxeViolations(page, `the desk told of a refused call in ${language}`);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/desk-call-refused-${language}.png` });
    }
    await chooseLanguage(page, 'en');
    // Calling the next ticket, as the message says: the message goes.
    await page.keyboard.press('F10');
    await expect(bar.getByText('Aram Sargsyan')).toBeVisible();
    await expect(refused).toHaveCount(0);
  } finally {
    await host.close();
  }
});

test('a supervisor at a desk that uses a queue host sees the host’s queue, and is told what only the host does', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const host = await startQueueHost(page, 'desk', 'Desk 7');
  try {
    const older = issueTicket(host.core.ctx, SYSTEM_ACTOR, { householdSize: 3, language: 'ru', priority: ['older_person'], headName: 'Anna Petrosyan' });
    const other = issueTicket(host.core.ctx, SYSTEM_ACTOR, { householdSize: 2, language: 'hy', priority: [], headName: 'Aram Sargsyan' });

    await page.reload();
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Dashboard/ })
      .click();
    await page.getByRole('button', { name: 'The queue today' }).click();
    await expect(page.getByRole('note')).toHaveText(
      `This station shows the queue kept by the queue host at ${host.url}. Sending a ticket to a desk and ending the day are done on the host.`,
    );
    const list = page.getByRole('region', { name: 'Waiting now, in calling order' });
    await expect(list.getByRole('rowheader', { name: older.number })).toBeVisible();
    await expect(list.getByRole('rowheader', { name: other.number })).toBeVisible();
    await expect(list).not.toContainText('Sargsyan');
    await expect(list.getByRole('button')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'End the day' })).toHaveCount(0);
    for (const language of ['en', 'hy', 'ru'] as const) {
      await chooseLanguage(page, language);
      await expectNoAxeViolations(page, `the queue of the host, seen from a desk, in ${language}`);
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/queue-remote-${language}.png` });
        await page.locator('#queue-waiting').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/queue-remote-list-${language}.png` });
        await page.mouse.wheel(0, -5000);
      }
    }
    await chooseLanguage(page, 'en');

    // The host gone: said, and nothing from this station's own file is shown as the centre's queue.
    await host.stop();
    await page.reload();
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Dashboard/ })
      .click();
    await page.getByRole('button', { name: 'The queue today' }).click();
    await expect(page.getByRole('alert')).toHaveText('The queue host does not answer: the queue cannot be shown. Check the network.');
  } finally {
    await host.close();
  }
});

test('a greeter cut off from its queue host issues from its own block, and is told the ticket waits to be sent', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const host = await startQueueHost(page, 'greeter', 'Door');
  try {
    const member = host.member;
    expect(await invoke<{ state: string; prefix: string }>(page, 'queue.hostStatus', {})).toMatchObject({ state: 'member', prefix: member.prefix });
    await host.stop();

    await page.reload();
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Dashboard/ })
      .click();
    await page.getByRole('button', { name: 'The queue today' }).click();
    await page.getByRole('button', { name: 'Issue tickets at the door' }).click();
    await page.getByLabel('Name of the head of family (optional)').fill('Aram Sargsyan');
    await page.keyboard.press('Enter');
    const number = `${member.prefix}-5001`;
    await expect(page.getByRole('status').filter({ hasText: number })).toHaveText(
      `Ticket ${number} issued while the queue host does not answer: it is kept here and sent when the host answers. No wait can be estimated.`,
    );
    await expect(page.getByLabel('Your number')).toContainText(number);
    for (const language of ['en', 'hy', 'ru'] as const) {
      await chooseLanguage(page, language);
      await expectNoAxeViolations(page, `the door cut off from its host in ${language}`);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/door-offline-${language}.png` });
    }
    await chooseLanguage(page, 'en');

    // Meanwhile the host holds that number (a mistake made there): back in touch, the ticket is refused, and the
    // greeter is told so in sight, to find the family; the next ticket is issued as usual.
    const today = issueTicket(host.core.ctx, SYSTEM_ACTOR, { householdSize: 1, language: 'hy', priority: [], headName: '' }, 'Q');
    sql(host.core.ctx.db, 'UPDATE queue_tickets SET prefix = ?, seq = 5001 WHERE id = ?').run(member.prefix, today.id);
    await host.restart();
    await page.getByLabel('Name of the head of family (optional)').fill('');
    await page.keyboard.press('Enter');
    const refused = page.getByRole('alert').filter({ hasText: 'Tickets the queue host refused' });
    // The host away a moment ago, that ticket may be issued from the block at once too: the outbox's timer (every 10 s)
    // then reaches the host.
    await expect(refused).toContainText(`Ticket ${number}`, { timeout: 30_000 });
    await expect(refused).toContainText('its number was already taken. Find the family and issue a new ticket.');
    for (const language of ['en', 'hy', 'ru'] as const) {
      await chooseLanguage(page, language);
      await expectNoAxeViolations(page, `the door with a refused ticket in ${language}`);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/door-refused-${language}.png` });
    }
    await chooseLanguage(page, 'en');
  } finally {
    await host.close();
  }
});
