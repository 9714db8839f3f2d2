import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DuplicatePairView, DuplicateReviewSummary, PairStatus } from '../../../electron/api/views-duplicates';
import { bridge } from '../bridge';
import { formatDateTime, formatNumber, useIssueText, useT, type MessageKey } from '../i18n';
import { useUi } from '../store';
import { useMethod } from '../useMethod';
import { Comparison, fromView, Reasons } from './Comparison';
import { HubReview } from './HubReview';
import './duplicates.css';

/**
 * The supervisor's duplicate review: a queue of candidate pairs across the whole file (households from this desk,
 * from imported batches and from pre-registration lists), best first, virtualised so tens of thousands scroll
 * smoothly. Each pair is resolved as the same person (merged: the other record is marked in a new version of its
 * household, both histories kept) or as two people (kept, so the pair does not come back), never silently.
 */

const PAGE = 100;
const ROW_HEIGHT = 64;
const STATUSES: readonly PairStatus[] = ['open', 'same', 'different'];

const pairKey = (p: DuplicatePairView) => `${p.a.personId}|${p.b.personId}`;
const nameOf = (v: DuplicatePairView['a']) => [v.givenName, v.familyName].filter(Boolean).join(' ');

export function ReviewScreen() {
  const t = useT();
  const language = useUi((s) => s.language);
  const dataVersion = useUi((s) => s.dataVersion);
  const [status, setStatus] = useState<PairStatus>('open');
  const [total, setTotal] = useState(0);
  const [pages, setPages] = useState<Map<number, DuplicatePairView[]>>(new Map());
  const [selected, setSelected] = useState<DuplicatePairView | undefined>();
  const [summary, setSummary] = useState<DuplicateReviewSummary | undefined>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState('');
  const loading = useRef(new Set<number>());
  const listRef = useRef<HTMLDivElement>(null);
  const issueText = useIssueText();
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are read fresh each render; nothing here is memoised on them
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => listRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  const load = useCallback(
    (page: number) => {
      loading.current.add(page);
      void bridge.invoke('duplicates.queue', { status, limit: PAGE, offset: page * PAGE }).then((r) => {
        loading.current.delete(page);
        if (!r.ok) return;
        setTotal(r.value.total);
        setPages((old) => new Map(old).set(page, r.value.items));
      });
    },
    [status],
  );

  useEffect(() => {
    loading.current.clear();
    setPages(new Map());
    load(0);
  }, [load, dataVersion]);

  // At a hub, the queue across centres sits beside this file's own (issue 14).
  const hubQueue = useMethod('hubDuplicates.queue', { status: 'open', limit: 200, offset: 0 }).data;
  const hubPage = hubQueue?.hub ? hubQueue : undefined;
  const [scope, setScope] = useState<'file' | 'centres'>('file');

  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    for (const item of items) {
      const page = Math.floor(item.index / PAGE);
      if (!pages.has(page) && !loading.current.has(page)) load(page);
    }
  }, [items, pages, load]);

  // The first pair is shown at once; after a decision, the one that took its place.
  const first = pages.get(0)?.[0];
  const current = selected && [...pages.values()].some((list) => list.some((p) => pairKey(p) === pairKey(selected))) ? selected : first;

  const run = async () => {
    setRunning(true);
    setError('');
    const r = await bridge.invoke('duplicates.review', {});
    setRunning(false);
    if (r.ok) setSummary(r.value);
    // Cancelled from the job bar, which says so itself.
    else if (r.error.code !== 'cancelled') setError(issueText({ code: `error.${r.error.code}`, message: r.error.message }));
  };

  return (
    <section className="dup-review" aria-labelledby="dup-review-title">
      <div className="dup-review__head">
        <h1 id="dup-review-title">{t('review.title')}</h1>
        <button type="button" className="button button--primary" disabled={running} onClick={() => void run()}>
          {running ? t('review.running') : t('review.run')}
        </button>
      </div>
      {hubPage && (
        <div role="radiogroup" aria-label={t('hubdup.scope')} className="segmented">
          {(['file', 'centres'] as const).map((k) => (
            <label key={k} className={scope === k ? 'is-on' : ''}>
              <input type="radio" name="dup-scope" value={k} checked={scope === k} onChange={() => setScope(k)} />
              {t(k === 'file' ? 'hubdup.scope.file' : 'hubdup.scope.centres')}
            </label>
          ))}
        </div>
      )}
      {hubPage && scope === 'centres' ? (
        <HubReview page={hubPage} />
      ) : (
        <>
          {summary && (
            <p className="banner banner--info" role="status">
              {t('review.summary', {
                persons: summary.persons,
                seconds: formatNumber(summary.seconds, language),
                found: summary.found,
                added: formatNumber(summary.added, language),
                open: formatNumber(summary.open, language),
              })}
            </p>
          )}
          {error && (
            <p className="banner banner--error" role="alert">
              {error}
            </p>
          )}
          <div role="radiogroup" aria-label={t('review.show')} className="segmented">
            {STATUSES.map((s) => (
              <label key={s} className={status === s ? 'is-on' : ''}>
                <input
                  type="radio"
                  name="dup-status"
                  value={s}
                  checked={status === s}
                  onChange={() => {
                    setStatus(s);
                    setSelected(undefined);
                  }}
                />
                {t(`review.status.${s}` as MessageKey)}
              </label>
            ))}
          </div>
          <div className="dup-review__body">
            {/* A list holds list items only (axe's aria-required-children): the empty queue says so beside it, as a paragraph. */}
            <div
              ref={listRef}
              className="list dup-review__list"
              role={total === 0 ? undefined : 'list'}
              aria-label={total === 0 ? undefined : t('review.list', { n: formatNumber(total, language) })}
            >
              {total === 0 ? (
                <p className="empty">{t(status === 'open' ? 'review.empty.open' : 'review.empty.decided')}</p>
              ) : (
                <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                  {items.map((item) => {
                    const pair = pages.get(Math.floor(item.index / PAGE))?.[item.index % PAGE];
                    return (
                      <div key={item.key} role="listitem" className="list__row" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                        {pair ? (
                          <button
                            type="button"
                            className={`row-button dup-row ${current && pairKey(current) === pairKey(pair) ? 'is-on' : ''}`}
                            aria-current={current && pairKey(current) === pairKey(pair) ? 'true' : undefined}
                            onClick={() => setSelected(pair)}
                          >
                            <span className="dup-row__score">{Math.round(pair.score * 100)} %</span>
                            <span className="dup-row__names">
                              {nameOf(pair.a)} <span aria-hidden="true">≈</span>
                              <span className="dup-sr">{t('review.and')}</span> {nameOf(pair.b)}
                            </span>
                            <span className="mono dup-row__numbers">
                              {pair.a.registrationNumber} · {pair.b.registrationNumber}
                            </span>
                          </button>
                        ) : (
                          <span className="muted">…</span>
                        )}
                      </div>
                    );
                  })}
                </div>
              )}
            </div>
            {current && <PairDetail key={pairKey(current)} pair={current} />}
          </div>
        </>
      )}
    </section>
  );
}

function PairDetail({ pair }: { pair: DuplicatePairView }) {
  const t = useT();
  const language = useUi((s) => s.language);
  const issueText = useIssueText();
  // The record registered first is kept unless the supervisor chooses otherwise.
  const [keep, setKeep] = useState(pair.a.arrivedAt <= pair.b.arrivedAt ? pair.a.personId : pair.b.personId);
  const [note, setNote] = useState(pair.note);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const resolve = async (decision: 'same' | 'different') => {
    if (decision === 'different' && note.trim().length < 3) {
      setError(t('review.noteRequired'));
      return;
    }
    setBusy(true);
    const r = await bridge.invoke('duplicates.resolve', {
      personA: pair.a.personId,
      personB: pair.b.personId,
      decision,
      note: note.trim(),
      ...(decision === 'same' ? { keep } : {}),
    });
    setBusy(false);
    if (!r.ok) setError(issueText({ code: `error.${r.error.code}`, message: r.error.message }));
  };

  const decided = pair.status !== 'open';
  return (
    <article className="dup-review__detail" aria-labelledby="dup-detail-title">
      <h2 id="dup-detail-title" ref={headingRef} tabIndex={-1}>
        {t('review.pair', { a: nameOf(pair.a), b: nameOf(pair.b) })}
      </h2>
      <p className="muted">
        {t(`review.source.${pair.source}` as MessageKey)} · {formatDateTime(pair.foundAt, language)}
      </p>
      <Comparison
        left={fromView(pair.a)}
        right={fromView(pair.b)}
        leftLabel={pair.a.registrationNumber}
        rightLabel={pair.b.registrationNumber}
        caption={t('review.pair', { a: nameOf(pair.a), b: nameOf(pair.b) })}
      />
      <Reasons reasons={pair.reasons} score={pair.score} />
      {decided ? (
        <p className="dup-decided" role="status">
          {pair.status === 'same'
            ? t('review.decided.same', { number: pair.keptPersonId === pair.a.personId ? pair.a.registrationNumber : pair.b.registrationNumber })
            : t('review.decided.different')}
          {' · '}
          {pair.resolvedBy} · {pair.resolvedAt ? formatDateTime(pair.resolvedAt, language) : ''}
          {pair.note ? <> · {pair.note}</> : null}
        </p>
      ) : (
        <div className="dup-decide">
          <fieldset>
            <legend>{t('review.keep')}</legend>
            {[pair.a, pair.b].map((v) => (
              <label key={v.personId} className="dup-keep">
                <input type="radio" name="dup-keep" value={v.personId} checked={keep === v.personId} onChange={() => setKeep(v.personId)} />
                {t('review.keepOne', { name: nameOf(v), number: v.registrationNumber })}
              </label>
            ))}
          </fieldset>
          <label htmlFor="dup-note">{t('review.note')}</label>
          <input
            id="dup-note"
            value={note}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'dup-note-error' : undefined}
            onChange={(e) => {
              setNote(e.target.value);
              setError('');
            }}
          />
          {error && (
            <span id="dup-note-error" className="field__error" role="alert">
              {error}
            </span>
          )}
          <div className="dup-actions">
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void resolve('same')}>
              {t('review.merge')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void resolve('different')}>
              {t('review.different')}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}
