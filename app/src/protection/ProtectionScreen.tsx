import { useState } from 'react';
import { useT } from '../i18n';
import { useMayCall } from '../session/store';
import { AuditPanel } from './AuditPanel';
import { KeysPanel } from './KeysPanel';
import { OperatorsPanel } from './OperatorsPanel';
import { SettingsPanel } from './SettingsPanel';
import './protection.css';

type Tab = 'operators' | 'audit' | 'settings';

/** The supervisor's protection screen: operators and the audit trail; the administrator also sees lock and retention. */
export function ProtectionScreen() {
  const t = useT();
  const admin = useMayCall('settings.get');
  const [tab, setTab] = useState<Tab>('operators');
  const tabs: Tab[] = admin ? ['operators', 'audit', 'settings'] : ['operators', 'audit'];
  return (
    <section className="protection" aria-labelledby="protection-title">
      <h1 id="protection-title">{t('protection.title')}</h1>
      <div role="tablist" aria-label={t('protection.tabs')} className="protection__tabs">
        {tabs.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            className={`tab-light ${tab === id ? 'is-on' : ''}`}
            onClick={() => setTab(id)}
          >
            {t(`protection.tab.${id}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'operators' && <OperatorsPanel />}
        {tab === 'audit' && <AuditPanel />}
        {tab === 'settings' && admin && (
          <>
            <SettingsPanel />
            <KeysPanel />
          </>
        )}
      </div>
    </section>
  );
}
