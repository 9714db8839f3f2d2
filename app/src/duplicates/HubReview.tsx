import { useRef, useState } from 'react';
import type { HubPairStatus, HubPairView, HubQueuePage } from '../../../electron/api/views-duplicates';
import { bridge } from '../bridge';
import { DateInput } from '../components/DateInput';
import { formatDateTime, formatNumber, useIssueText, useT, type MessageKey } from '../i18n';
import { useUi } from '../store';
import { useMayCall } from '../session/store';
import { useMethod } from '../useMethod';
import { Comparison, fromView, Reasons } from './Comparison';

/**
 * The hub's queue of duplicates across centres: pairs of persons registered at two stations, found when their
 * batches were imported, with both centres and stations shown; filtered by centre and arrival day. Linking is the
 * hub's own record (counted once in its figures, never sent to a station) and can be undone.
 */

const STATUSES: readonly HubPairStatus[] = ['open', 'linked', 'different'];
const LIMIT = 200;
const pairKey = (p: HubPairView) => `${p.a.personId}|${p.b.personId}`;
const nameOf = (v: HubPairView['a']) => [v.givenName, v.familyName].filter(Boolean).join(' ');

export function HubReview({ page: first }: { page: HubQueuePage }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const [status, setStatus] = useState<HubPairStatus>('open');
  const [centre, setCentre] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [selected, setSelected] = useState<string | undefined>();

  // The filtered queue, read again when core reports a change to households (a pair decided, batches taken in);
  // while a new filter's answer is on its way the last one stays, and a late answer for an old filter is dropped.
  const queue = useMethod(
    'hubDuplicates.queue',
    {
      status,
      limit: LIMIT,
      offset: 0,
      ...(centre ? { centreCode: centre } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    },
    { on: ['households'], keepPrevious: true },
  );
  const page = queue.data ?? first;

  const current = page.items.find((p) => pairKey(p) === selected) ?? page.items[0];
  return (
    <section className="dup-hub" aria-labelledby="dup-hub-title">
      <h2 id="dup-hub-title">{t('hubdup.title')}</h2>
      <dl className="dup-hub__figures" aria-label={t('hubdup.figures')}>
        <div>
          <dt>{t('hubdup.persons')}</dt>
          <dd>{formatNumber(page.persons, language)}</dd>
        </div>
        <div>
          <dt>{t('hubdup.pending')}</dt>
          <dd>{formatNumber(page.pending, language)}</dd>
        </div>
      </dl>
      <UncheckedBatches unchecked={page.unchecked} />
      <fieldset className="dup-hub__filters">
        <legend>{t('hubdup.filters')}</legend>
        <div>
          <label htmlFor="hub-dup-centre">{t('hubdup.centre')}</label>
          <select
            id="hub-dup-centre"
            value={centre}
            onChange={(e) => {
              setCentre(e.target.value);
              setSelected(undefined);
            }}
          >
            <option value="">{t('hubdup.centre.all')}</option>
            {page.centres.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="hub-dup-from">{t('hubdup.from')}</label>
          {/* The app's own date input: dd.mm.yyyy whatever the computer's locale; a day not yet readable changes nothing. */}
          <DateInput
            id="hub-dup-from"
            value={from}
            onChange={(v) => {
              if (v !== null) {
                setFrom(v);
                setSelected(undefined);
              }
            }}
          />
        </div>
        <div>
          <label htmlFor="hub-dup-to">{t('hubdup.to')}</label>
          <DateInput
            id="hub-dup-to"
            value={to}
            onChange={(v) => {
              if (v !== null) {
                setTo(v);
                setSelected(undefined);
              }
            }}
          />
        </div>
      </fieldset>
      <div role="radiogroup" aria-label={t('review.show')} className="segmented">
        {STATUSES.map((s) => (
          <label key={s} className={status === s ? 'is-on' : ''}>
            <input
              type="radio"
              name="hub-dup-status"
              value={s}
              checked={status === s}
              onChange={() => {
                setStatus(s);
                setSelected(undefined);
              }}
            />
            {t(`hubdup.status.${s}` as MessageKey)}
          </label>
        ))}
      </div>
      <div className="dup-review__body">
        <div
          className="list dup-review__list"
          role={page.items.length === 0 ? undefined : 'list'}
          aria-label={page.items.length === 0 ? undefined : t('hubdup.list', { count: page.total })}
        >
          {page.items.length === 0 ? (
            <p className="empty">{t('hubdup.empty')}</p>
          ) : (
            page.items.map((pair) => {
              const on = current !== undefined && pairKey(current) === pairKey(pair);
              return (
                <div key={pairKey(pair)} role="listitem" className="list__row dup-hub__row">
                  <button
                    type="button"
                    className={`row-button dup-row ${on ? 'is-on' : ''}`}
                    aria-current={on ? 'true' : undefined}
                    onClick={() => setSelected(pairKey(pair))}
                  >
                    <span className="dup-row__score">{Math.round(pair.score * 100)} %</span>
                    <span className="dup-row__names">
                      {nameOf(pair.a)} <span aria-hidden="true">≈</span>
                      <span className="dup-sr">{t('review.and')}</span> {nameOf(pair.b)}
                    </span>
                    <span className="dup-row__numbers">
                      {t('hubdup.where', { centre: pair.a.centreCode, station: pair.a.stationLabel })} —{' '}
                      {t('hubdup.where', { centre: pair.b.centreCode, station: pair.b.stationLabel })}
                    </span>
                  </button>
                </div>
              );
            })
          )}
        </div>
        {current && <HubPairDetail key={`${pairKey(current)}|${current.status}`} pair={current} />}
      </div>
    </section>
  );
}

/**
 * Batches taken in whose check across centres has not ended (the app closed during one): said, with a button that
 * checks them now as a long job (the job bar shows it and can cancel it between batches), and what that found.
 */
function UncheckedBatches({ unchecked }: { unchecked: number }) {
  const t = useT();
  const issueText = useIssueText();
  const mayCheck = useMayCall('hubDuplicates.checkNow');
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState('');

  const check = async () => {
    setRunning(true);
    setOutcome('');
    setError('');
    const r = await bridge.invoke('hubDuplicates.checkNow', {});
    setRunning(false);
    if (r.ok) setOutcome(t(r.value.added > 0 ? 'hubdup.checked' : 'hubdup.checked.none', { batches: r.value.batches, added: r.value.added }));
    // Cancelled from the job bar, which says so itself.
    else if (r.error.code !== 'cancelled') setError(issueText({ code: `error.${r.error.code}`, message: r.error.message }));
  };

  return (
    <>
      {unchecked > 0 && (
        <div className="banner banner--info">
          <span role="status">{t('hubdup.unchecked', { count: unchecked })}</span>
          {mayCheck && (
            <button type="button" className="button" disabled={running} onClick={() => void check()}>
              {running ? t('hubdup.checking') : t('hubdup.checkNow')}
            </button>
          )}
        </div>
      )}
      <p role="status" className={outcome ? 'banner banner--success' : 'visually-hidden'}>
        {outcome}
      </p>
      {error && (
        <p role="alert" className="banner banner--error">
          {error}
        </p>
      )}
    </>
  );
}

function HubPairDetail({ pair }: { pair: HubPairView }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const issueText = useIssueText();
  const [note, setNote] = useState(pair.note);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const act = async (action: 'linked' | 'different' | 'undo') => {
    if (action === 'different' && note.trim().length < 3) {
      setError(t('hubdup.noteRequired'));
      return;
    }
    setBusy(true);
    const ids = { personA: pair.a.personId, personB: pair.b.personId, note: note.trim() };
    const r = action === 'undo' ? await bridge.invoke('hubDuplicates.undo', ids) : await bridge.invoke('hubDuplicates.decide', { ...ids, decision: action });
    setBusy(false);
    if (!r.ok) setError(issueText({ code: `error.${r.error.code}`, message: r.error.message }));
    else headingRef.current?.focus();
  };

  const side = (v: HubPairView['a']) => `${v.registrationNumber} · ${t('hubdup.where', { centre: v.centreCode, station: v.stationLabel })}`;
  return (
    <article className="dup-review__detail" aria-labelledby="hub-dup-detail-title">
      <h3 id="hub-dup-detail-title" ref={headingRef} tabIndex={-1}>
        {t('review.pair', { a: nameOf(pair.a), b: nameOf(pair.b) })}
      </h3>
      <p className="muted">{t('hubdup.found', { batch: pair.batchId.slice(0, 8), time: formatDateTime(pair.foundAt, language) })}</p>
      <Comparison
        left={fromView(pair.a)}
        right={fromView(pair.b)}
        leftLabel={side(pair.a)}
        rightLabel={side(pair.b)}
        caption={t('review.pair', { a: nameOf(pair.a), b: nameOf(pair.b) })}
      />
      <Reasons reasons={pair.reasons} score={pair.score} />
      {pair.status !== 'open' && (
        <p className="dup-decided" role="status">
          {t(pair.status === 'linked' ? 'hubdup.decided.linked' : 'hubdup.decided.different')}
          {' · '}
          {pair.decidedBy} · {pair.decidedAt ? formatDateTime(pair.decidedAt, language) : ''}
          {pair.note ? <> · {pair.note}</> : null}
        </p>
      )}
      <div className="dup-decide">
        <label htmlFor="hub-dup-note">{t('hubdup.note')}</label>
        <input
          id="hub-dup-note"
          value={note}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'hub-dup-note-error' : undefined}
          onChange={(e) => {
            setNote(e.target.value);
            setError('');
          }}
        />
        {error && (
          <span id="hub-dup-note-error" className="field__error" role="alert">
            {error}
          </span>
        )}
        <div className="dup-actions">
          {pair.status === 'open' ? (
            <>
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void act('linked')}>
                {t('hubdup.link')}
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => void act('different')}>
                {t('hubdup.different')}
              </button>
            </>
          ) : (
            <button type="button" className="button" disabled={busy} onClick={() => void act('undo')}>
              {t('hubdup.undo')}
            </button>
          )}
        </div>
      </div>
    </article>
  );
}
