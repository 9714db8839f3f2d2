import { describe, expect, it } from 'vitest';
import { mayCall, ROLES_BY_METHOD } from '../../../electron/api/roles';
import type { Role } from '../../../electron/api/views-protection';

/**
 * What the renderer's screens and controls ask (useMayCall, App's screen list): the one table, by method name. Before
 * issue 18, one hook let an operator whose role was not known yet see supervisor controls, another did not.
 */
describe('mayCall, as the screens ask it', () => {
  it('gives nobody signed in, and a role the table does not know, no access to anything not open to anyone', () => {
    for (const [method, access] of Object.entries(ROLES_BY_METHOD)) {
      expect(mayCall(method, undefined), method).toBe(access === 'anyone');
      expect(mayCall(method, 'auditor' as Role), method).toBe(access === 'anyone');
    }
  });

  it('answers each role as the table says, and an unknown method no for everyone', () => {
    expect(mayCall('batch.exportPlain', 'registrar')).toBe(false);
    expect(mayCall('batch.exportPlain', 'supervisor')).toBe(true);
    expect(mayCall('station.setRole', 'supervisor')).toBe(false);
    expect(mayCall('station.setRole', 'admin')).toBe(true);
    expect(mayCall('no.such.method', 'admin')).toBe(false);
    // The queue screen (the supervisor's view, read from the queue host on a desk that uses one): supervisors only.
    for (const method of ['queue.overview', 'queue.waiting']) {
      expect(mayCall(method, 'greeter'), method).toBe(false);
      expect(mayCall(method, 'registrar'), method).toBe(false);
      expect(mayCall(method, 'supervisor'), method).toBe(true);
    }
  });
});
