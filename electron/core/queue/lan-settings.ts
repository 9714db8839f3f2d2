import type { QueueLanSettings } from '../../api/methods/queue.js';
import type { QueueMemberView } from '../../api/views-queue.js';
import { appendAudit } from '../audit/trail.js';
import { stationPublicKey } from '../batch/keys.js';
import { keyFingerprint } from '../batch/raw-keys.js';
import { readSetting, writeSetting } from '../batch/settings.js';
import type { Actor, CoreContext } from '../context.js';
import { leaseMinutes, leaseSize, QUEUE_LAN_SETTINGS, type QueueMember } from './lan-host.js';
import { normaliseFingerprint } from './lan-sign.js';

/** Where this station's queue is kept (docs/queue-host.md), as the supervisor's settings screen shows and saves it. */

export function queueLanSettings(ctx: CoreContext): QueueLanSettings & { ownFingerprint: string } {
  const key = stationPublicKey(ctx.db);
  return {
    listen: readSetting(ctx.db, QUEUE_LAN_SETTINGS.listen) ?? '',
    hostUrl: readSetting(ctx.db, QUEUE_LAN_SETTINGS.hostUrl) ?? '',
    hostFingerprint: readSetting(ctx.db, QUEUE_LAN_SETTINGS.hostFingerprint) ?? '',
    leaseSize: leaseSize(ctx),
    leaseMinutes: leaseMinutes(ctx),
    ownFingerprint: key ? keyFingerprint(key) : '',
  };
}

export function saveQueueLanSettings(ctx: CoreContext, actor: Actor, input: QueueLanSettings): QueueLanSettings & { ownFingerprint: string } {
  const settings: QueueLanSettings = {
    ...input,
    hostUrl: input.hostUrl.replace(/\/+$/, ''),
    hostFingerprint: input.hostFingerprint === '' ? '' : normaliseFingerprint(input.hostFingerprint),
  };
  ctx.db.transaction(() => {
    writeSetting(ctx.db, QUEUE_LAN_SETTINGS.listen, settings.listen);
    writeSetting(ctx.db, QUEUE_LAN_SETTINGS.hostUrl, settings.hostUrl);
    writeSetting(ctx.db, QUEUE_LAN_SETTINGS.hostFingerprint, settings.hostFingerprint);
    writeSetting(ctx.db, QUEUE_LAN_SETTINGS.leaseSize, String(settings.leaseSize));
    writeSetting(ctx.db, QUEUE_LAN_SETTINGS.leaseMinutes, String(settings.leaseMinutes));
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'queue.lan_saved',
      entity: 'settings',
      entityId: 'queue.host',
      detail: { ...settings },
    });
  })();
  ctx.changed(['settings', 'queue']);
  return queueLanSettings(ctx);
}

export const memberView = (m: QueueMember): QueueMemberView => ({
  fingerprint: m.fingerprint,
  label: m.label,
  role: m.role,
  prefix: m.prefix,
  status: m.status,
  askedAt: m.askedAt,
  admittedAt: m.admittedAt,
});
