import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slipQrText, readSlipQr } from '../../../electron/rules/slip-code.js';
import { openCore } from '../../../electron/core/index.js';
import { previewSlip } from '../../../electron/core/intake/slips.js';
import { renderPdfs } from '../../../electron/cli/pdf.js';
import {
  ARMENIAN_FAMILY,
  cli,
  ensureRendererBuilt,
  pdfInfo,
  pdfQrCodes,
  pdfText,
  runCli,
  RUSSIAN_FAMILY,
  tempStation,
  type TempStation,
} from '../../helpers/print.js';

/**
 * The family's slip as the CLI prints it (the built renderer in Chromium, page.pdf), read back with pdftotext and
 * its QR code decoded from a 200 dpi rendering: names in Armenian and Cyrillic letters, the number, nothing private.
 */

const NEED_CODE = /\b(DS|SM|SC|ER|WR|SP|CR|FU|LP|SV|TR|PG)-[A-Z]{2}\b/;
const fold = (text: string) => text.replace(/\s+/g, ' ');

let station: TempStation;
let armenian: { id: string; registrationNumber: string };
let russian: { id: string; registrationNumber: string };
const out = (name: string) => join(station.dataDir, name);

beforeAll(async () => {
  ensureRendererBuilt();
  station = tempStation(new Date().toISOString());
  armenian = station.register(ARMENIAN_FAMILY);
  russian = station.register(RUSSIAN_FAMILY);
  station.core.close();
  // The Armenian family's first slip through the CLI itself (A4, the language read from the names)...
  await cli(['slip', '--data', station.dataDir, '--household', armenian.registrationNumber.toLowerCase(), '--out', out('hy-a4.pdf')]);
  // ...then the Russian family's receipt and a reprint through the CLI's own renderer, one Chromium for both.
  const core = openCore({ dataDir: station.dataDir });
  try {
    await renderPdfs(core, [
      { hash: `#/print/slip/${russian.id}?lang=ru&layout=receipt`, out: out('ru-receipt.pdf') },
      { hash: `#/print/slip/${armenian.id}?lang=en&layout=a4`, out: out('en-reprint.pdf') },
    ]);
  } finally {
    core.close();
  }
}, 60_000);
afterAll(() => station.dispose());

describe('the slip as a PDF', () => {
  it('prints the Armenian family in Armenian: names as typed and in Latin letters, the number, the centre', () => {
    const text = fold(pdfText(out('hy-a4.pdf')));
    expect(text).toContain('Գրանցման թերթիկ');
    // pdftotext may split the spaced-out number where a wide letter follows a narrow one (E JXA-…).
    expect(text.replace(/ /g, '')).toContain(armenian.registrationNumber);
    for (const name of ['Անահիտ Արմենի Հովհաննիսյան', 'Anahit Armeni Hovhannisyan', 'Գոռ Հովհաննիսյան', 'Gor Hovhannisyan', 'Նարե Հովհաննիսյան']) {
      expect(text).toContain(name);
    }
    expect(text).toContain('Goris reception centre (GRS1)');
    expect(text).not.toContain('ԿՐԿՆՕՐԻՆԱԿ');
    expect(pdfInfo(out('hy-a4.pdf'))['Page size']).toContain('(A4)');
  });

  it('prints the Russian family in Cyrillic on one 80 mm receipt', () => {
    const reopened = openCore({ dataDir: station.dataDir });
    const latin = previewSlip(reopened.ctx, russian.id).members.map((m) => m.nameLatin);
    reopened.close();
    const text = fold(pdfText(out('ru-receipt.pdf')));
    expect(text).toContain('Регистрационный талон');
    expect(text.replace(/ /g, '')).toContain(russian.registrationNumber);
    for (const name of ['Сергей Ашотович Григорян', 'Людмила Григорян', ...latin]) expect(text).toContain(name);
    const info = pdfInfo(out('ru-receipt.pdf'));
    expect(info['Pages']).toBe('1');
    const [width] = (info['Page size'] ?? '').split(' x ').map(Number);
    expect(Math.abs((width ?? 0) * (25.4 / 72) - 80)).toBeLessThan(1);
  });

  it('shows no specific need, note, document or phone', () => {
    for (const file of ['hy-a4.pdf', 'ru-receipt.pdf', 'en-reprint.pdf']) {
      const text = pdfText(out(file));
      expect(text).not.toMatch(NEED_CODE);
      for (const secret of ['SECRET-NOTE', 'MEMBER-NOTE', 'BC-998877', '123456', 'Woman at risk', 'Chronic illness', 'Cannot care for self']) {
        expect(text, file).not.toContain(secret);
      }
    }
  });

  it('marks the second print as a reprint, in the language chosen for it', () => {
    const text = fold(pdfText(out('en-reprint.pdf')));
    expect(text).toContain('REPRINT');
    expect(text).toContain('Copy 2');
    expect(text).toContain('Registration slip');
    expect(text).toContain('Anahit Armeni Hovhannisyan');
  });

  it('holds a QR code with the registration number and its check value only', () => {
    for (const [file, number] of [
      ['hy-a4.pdf', armenian.registrationNumber],
      ['ru-receipt.pdf', russian.registrationNumber],
    ] as const) {
      const codes = pdfQrCodes(out(file));
      expect(codes, file).toEqual([slipQrText(number)]);
      expect(readSlipQr(codes[0]!)).toBe(number);
    }
  });

  it('logged each print in the audit trail, the third as a reprint', () => {
    const reopened = openCore({ dataDir: station.dataDir });
    const rows = reopened.ctx.db.prepare("SELECT entity_id, detail FROM audit_events WHERE action = 'household.slip_printed' ORDER BY seq").all() as {
      entity_id: string;
      detail: string;
    }[];
    reopened.close();
    expect(rows.map((r) => [r.entity_id, (JSON.parse(r.detail) as { reprint: boolean }).reprint])).toEqual([
      [armenian.id, false],
      [russian.id, false],
      [armenian.id, true],
    ]);
  });

  it('says in one line what is wrong when no Chromium is found, and writes nothing', async () => {
    const noChromium = await runCli(['slip', '--data', station.dataDir, '--household', armenian.registrationNumber, '--out', out('none.pdf')], {
      ...process.env,
      CHROMIUM_PATH: join(station.dataDir, 'no-such-chromium'),
    });
    expect(noChromium.code).toBe(1);
    expect(noChromium.stderr).toMatch(/^slip: No Chromium found.*install chromium or set CHROMIUM_PATH\n$/);
    expect(existsSync(out('none.pdf'))).toBe(false);
  });
});
