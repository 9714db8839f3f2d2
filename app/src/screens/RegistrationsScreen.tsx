import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { HouseholdSummary, SearchHit } from '../../../electron/api/views';
import { bridge } from '../bridge';
import { formatDate, formatDateTime, useT, type Language, type MessageKey } from '../i18n';
import { useUi } from '../store';

const PAGE = 100;
/** Search results shown at once; one more is asked for, to say when more match than the list shows. */
const SHOWN_HITS = 50;
const ROW_HEIGHT = 56;

/** Latest registrations, virtualised so 120,000 rows scroll smoothly; pages are fetched as they come into view. */
function LatestList() {
  const t = useT();
  const { language, dataVersion, go } = useUi();
  const [total, setTotal] = useState(0);
  const [pages, setPages] = useState<Map<number, HouseholdSummary[]>>(new Map());
  const loading = useRef(new Set<number>());
  const parentRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are read fresh each render; nothing here is memoised on them
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });

  useEffect(() => {
    loading.current.clear();
    void bridge.invoke('household.recent', { limit: PAGE, offset: 0 }).then((r) => {
      if (!r.ok) return;
      setTotal(r.value.total);
      setPages(new Map([[0, r.value.items]]));
    });
  }, [dataVersion]);

  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    for (const item of items) {
      const page = Math.floor(item.index / PAGE);
      if (pages.has(page) || loading.current.has(page)) continue;
      loading.current.add(page);
      void bridge.invoke('household.recent', { limit: PAGE, offset: page * PAGE }).then((r) => {
        if (r.ok) setPages((old) => new Map(old).set(page, r.value.items));
      });
    }
  }, [items, pages]);

  if (total === 0) return <p className="empty">{t('list.empty')}</p>;
  return (
    <div ref={parentRef} className="list" role="list" aria-label={t('list.latest')}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const h = pages.get(Math.floor(item.index / PAGE))?.[item.index % PAGE];
          return (
            <div key={item.key} role="listitem" className="list__row" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
              {h ? (
                <button type="button" className="row-button" onClick={() => go('household', h.id)}>
                  <span className="mono">{h.registrationNumber}</span>
                  <span className="row-button__name">
                    {h.headName}
                    {h.headNameLatin && h.headNameLatin !== h.headName ? <small lang="en"> · {h.headNameLatin}</small> : null}
                  </span>
                  <span>{t('list.persons', { n: h.size })}</span>
                  <span>{formatDateTime(h.arrivedAt, language)}</span>
                  {h.status === 'voided' && <span className="badge badge--void">{t('status.voided')}</span>}
                </button>
              ) : (
                <span className="muted">…</span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** When the person was born, as exactly as it is known. */
function bornText(hit: SearchHit, t: ReturnType<typeof useT>, language: Language): string {
  if (hit.birthKind === 'age') return t('age.estimated', { n: hit.age });
  return t('words.search.born', { date: hit.birthKind === 'year' ? hit.dateOfBirth.slice(0, 4) : formatDate(hit.dateOfBirth, language) });
}

function SearchResults({ hits }: { hits: SearchHit[] }) {
  const t = useT();
  const { go, language } = useUi();
  if (hits.length === 0)
    return (
      <p className="empty" role="status">
        {t('search.none')}
      </p>
    );
  const more = hits.length > SHOWN_HITS;
  return (
    <>
      {more && (
        <p className="banner banner--info" role="status">
          {t('words.search.more', { count: SHOWN_HITS })}
        </p>
      )}
      <ul className="results" aria-label={t('search.results')}>
        {hits.slice(0, SHOWN_HITS).map((hit) => (
          <li key={hit.personId}>
            <button type="button" className="row-button" onClick={() => go('household', hit.householdId)}>
              <span className="mono">{hit.registrationNumber}</span>
              <span className="row-button__name">
                {hit.name}
                {hit.nameLatin !== hit.name ? <small lang="en"> · {hit.nameLatin}</small> : null}
              </span>
              <span>
                {t(`sex.${hit.sex}`)}, {t('age.years', { n: hit.age })} · {bornText(hit, t, language)}
              </span>
              <span>
                {hit.isHead ? t('relationship.head') : t('words.search.head', { name: hit.headName })}
                {hit.originSettlement || hit.originDistrict
                  ? ` · ${t('dup.from', { place: [hit.originSettlement, hit.originDistrict].filter(Boolean).join(', ') })}`
                  : ''}
              </span>
              <span className="reasons">{hit.reasons.map((r) => t(`reason.${r}` as MessageKey)).join(', ')}</span>
              {hit.householdStatus === 'voided' && <span className="badge badge--void">{t('status.voided')}</span>}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

export function RegistrationsScreen() {
  const t = useT();
  const dataVersion = useUi((s) => s.dataVersion);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => {
    if (!query.trim()) return;
    let current = true;
    // A short pause between keystrokes, so the file is searched for what is typed, not for every letter in a burst.
    const timer = setTimeout(() => {
      void bridge.invoke('search.query', { text: query, limit: SHOWN_HITS + 1 }).then((r) => {
        if (current && r.ok) setHits(r.value);
      });
    }, 60);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, dataVersion]);

  return (
    <section className="registrations" aria-labelledby="registrations-title">
      <h1 id="registrations-title">{t('list.title')}</h1>
      <div className="search">
        <label htmlFor="search-box">{t('search.label')}</label>
        <input
          id="search-box"
          ref={inputRef}
          type="search"
          value={query}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('search.placeholder')}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {query.trim() && hits ? <SearchResults hits={hits} /> : <LatestList />}
    </section>
  );
}
