import type { Page } from '@playwright/test';
import type { AuditEventView } from '../../electron/api/views-protection.js';
import { expect, test } from './fixtures.js';

/**
 * The audit of the search box, as a clerk types at normal speed: one event per search, with the persons shown (and
 * the household opened), never the letters typed.
 */

const invoke = <T>(page: Page, method: string, input: unknown) =>
  page.evaluate(
    async ([m, i]) => {
      const response = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method: m, input: i }),
      });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
    },
    [method, input] as const,
  ) as Promise<{ ok: boolean; value?: T }>;

async function searchEvents(page: Page): Promise<AuditEventView[]> {
  const recent = await invoke<AuditEventView[]>(page, 'audit.recent', { limit: 500 });
  expect(recent.ok).toBe(true);
  return (recent.value ?? []).filter((e) => e.action === 'search');
}

async function registerGrigoryans(page: Page): Promise<string> {
  const saved = await invoke<{ id: string }>(page, 'household.register', {
    members: [
      { givenName: 'Hasmik', familyName: 'Grigoryan', sex: 'F', birth: { kind: 'exact', date: '1979-02-11' }, relationship: 'head' },
      { givenName: 'Levon', familyName: 'Grigoryan', sex: 'M', birth: { kind: 'exact', date: '2010-07-30' }, relationship: 'child' },
    ],
    phone: '+374 99 555 010',
  });
  expect(saved.ok).toBe(true);
  return saved.value!.id;
}

test('typing "Grigoryan" at normal speed and opening a result writes one search event, without the text', async ({ page }) => {
  const id = await registerGrigoryans(page);
  await page.getByRole('button', { name: /Registrations/ }).click();
  await page.getByLabel('Find a person').click();
  await page.keyboard.type('Grigoryan', { delay: 120 });
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('button', { name: /-\w Hasmik Grigoryan /u })).toBeVisible();
  expect(await searchEvents(page)).toEqual([]);
  await results.getByRole('button', { name: /-\w Levon Grigoryan /u }).click();
  await expect(page.getByRole('table', { name: 'Family members' })).toContainText('Levon Grigoryan');

  const events = await searchEvents(page);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ entityId: id, detail: { opened: id, more: 0 } });
  expect((events[0]!.detail['shown'] as string[]).length).toBe(2);
  expect(JSON.stringify(events[0])).not.toMatch(/gri/i);
});

test('a search left without opening anything is one event after the pause', async ({ page }) => {
  await registerGrigoryans(page);
  await page.getByRole('button', { name: /Registrations/ }).click();
  await page.getByLabel('Find a person').click();
  await page.keyboard.type('Grigoryan', { delay: 120 });
  await expect(page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /-\w Hasmik Grigoryan /u })).toBeVisible();
  await expect.poll(async () => (await searchEvents(page)).length, { timeout: 8_000 }).toBe(1);
  const [event] = await searchEvents(page);
  expect(event).toMatchObject({ entityId: '', detail: { opened: null } });
  expect(JSON.stringify(event)).not.toMatch(/gri/i);
  // The audit screen shows it by the persons shown.
  await page.getByRole('button', { name: /Protection/ }).click();
  await page.getByRole('tab', { name: 'Audit trail' }).click();
  await expect(page.getByRole('table', { name: 'Latest events' })).toContainText('2 persons shown');
});
