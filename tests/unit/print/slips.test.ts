import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlipSettingsSchema } from '../../../electron/api/methods/print.js';
import { readSlipQr, slipCheckValue, slipQrText } from '../../../electron/rules/slip-code.js';
import { verifyAuditChain } from '../../../electron/core/audit/trail.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { voidHousehold } from '../../../electron/core/households/write.js';
import { householdIdByNumber, previewSlip, printSlip, saveSlipSettings, slipSettings } from '../../../electron/core/intake/slips.js';
import { ARMENIAN_FAMILY, tempStation, type TempStation } from '../../helpers/print.js';

let station: TempStation;
beforeEach(() => {
  station = tempStation();
});
afterEach(() => station.dispose());

describe('the family’s slip', () => {
  it('shows names in both spellings, sex and age, and nothing of needs, notes or documents', () => {
    const { id } = station.register(ARMENIAN_FAMILY);
    const slip = previewSlip(station.core.ctx, id);
    expect(slip.members.map((m) => [m.name, m.nameLatin, m.sex, m.age, m.ageEstimated])).toEqual([
      ['Անահիտ Արմենի Հովհաննիսյան', 'Anahit Armeni Hovhannisyan', 'F', 39, false],
      ['Գոռ Հովհաննիսյան', 'Gor Hovhannisyan', 'M', 12, false],
      ['Նարե Հովհաննիսյան', 'Nare Hovhannisyan', 'F', 3, true],
    ]);
    const text = JSON.stringify(slip);
    for (const secret of ['WR-WR', 'SM-CI', 'SECRET-NOTE', 'MEMBER-NOTE', 'BC-998877', '123456']) expect(text).not.toContain(secret);
    expect(slip.centreName).toBe('Goris reception centre');
  });

  it('counts prints: the first is 1, each reprint is logged in the audit trail with its flag', () => {
    const { id, registrationNumber } = station.register(ARMENIAN_FAMILY);
    expect(previewSlip(station.core.ctx, id).printNumber).toBe(1);
    expect(printSlip(station.core.ctx, SYSTEM_ACTOR, id, 'hy', 'a4').printNumber).toBe(1);
    expect(previewSlip(station.core.ctx, id).printNumber).toBe(2);
    expect(printSlip(station.core.ctx, SYSTEM_ACTOR, id, 'ru', 'receipt').printNumber).toBe(2);
    const events = station.core.ctx.db
      .prepare("SELECT detail FROM audit_events WHERE action = 'household.slip_printed' AND entity_id = ? ORDER BY seq")
      .pluck()
      .all(id) as string[];
    expect(events.map((e) => JSON.parse(e) as Record<string, unknown>)).toEqual([
      { registrationNumber, printNumber: 1, reprint: false, language: 'hy', layout: 'a4' },
      { registrationNumber, printNumber: 2, reprint: true, language: 'ru', layout: 'receipt' },
    ]);
    expect(verifyAuditChain(station.core.ctx.db).ok).toBe(true);
  });

  it('is refused for a voided registration', () => {
    const { id } = station.register(ARMENIAN_FAMILY);
    voidHousehold(station.core.ctx, SYSTEM_ACTOR, { id, expectedVersion: 1, reason: 'entered twice' });
    expect(() => printSlip(station.core.ctx, SYSTEM_ACTOR, id, 'en', 'a4')).toThrow(/voided/);
  });

  it('finds the household by its number as typed: lower case, spaces, without dashes', () => {
    const { id, registrationNumber } = station.register(ARMENIAN_FAMILY);
    expect(householdIdByNumber(station.core.ctx.db, registrationNumber.toLowerCase().replace(/-/g, ' '))).toBe(id);
    expect(() => householdIdByNumber(station.core.ctx.db, 'ZZZZ-99999-Z')).toThrow(/No household/);
  });

  it('keeps the centre’s texts, all three languages at once', () => {
    expect(slipSettings(station.core.ctx.db)).toEqual({ nextSteps: { en: '', hy: '', ru: '' }, contact: '' });
    const saved = saveSlipSettings(station.core.ctx, SYSTEM_ACTOR, {
      nextSteps: { en: 'Go to tent 4.', hy: 'Գնացեք 4-րդ վրան։', ru: 'Идите в палатку 4.' },
      contact: '+374 10 000000',
    });
    expect(saved.nextSteps.ru).toBe('Идите в палатку 4.');
    const { id } = station.register(ARMENIAN_FAMILY);
    expect(previewSlip(station.core.ctx, id).settings.contact).toBe('+374 10 000000');
    expect(SlipSettingsSchema.safeParse({ nextSteps: { en: 'x', hy: 'y' }, contact: '' }).success).toBe(false);
    expect(SlipSettingsSchema.safeParse({ nextSteps: { en: 'x', hy: 'y', ru: 'z' }, contact: '' }).success).toBe(true);
  });
});

describe('the QR code’s text', () => {
  it('is the registration number and a check value that catches a misread character', () => {
    const text = slipQrText('KQ7M-00127-X');
    expect(text).toBe(`KQ7M-00127-X/${slipCheckValue('KQ7M-00127-X')}`);
    expect(readSlipQr(text)).toBe('KQ7M-00127-X');
    expect(readSlipQr(text.replace('127', '172'))).toBeNull();
    expect(readSlipQr(text.replace('KQ7M', 'KQ7N'))).toBeNull();
    expect(readSlipQr('KQ7M-00127-X')).toBeNull();
  });
});
