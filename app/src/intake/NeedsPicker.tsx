import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { NEED_CODES, needCategory, type NeedCode } from '../../../electron/api/schemas/needs';
import { translate, useT, type Language, type MessageKey } from '../i18n';

/**
 * Specific needs are added only by a deliberate choice: a combobox whose list narrows as the clerk types a code
 * ("SC-CH", "scch") or words of a label in any of the three languages; Enter takes the highlighted need, the arrows
 * only move. Chosen needs are chips, each removable by keyboard (its button, or Backspace in the empty box).
 */

const LANGUAGES: readonly Language[] = ['en', 'hy', 'ru'];
const fold = (text: string) => text.toLocaleLowerCase().replace(/ё/g, 'е');

/** What each need is found by: its code (with and without the dash), its own labels and its category's, in every language. */
const OWN_TEXT: ReadonlyMap<NeedCode, string> = new Map(
  NEED_CODES.map((code) => [code, fold([code, code.replace('-', ''), ...LANGUAGES.map((l) => translate(l, `need.${code}`))].join(' '))]),
);
const SEARCH_TEXT: ReadonlyMap<NeedCode, string> = new Map(
  NEED_CODES.map((code) => [code, `${OWN_TEXT.get(code)!} ${fold(LANGUAGES.map((l) => translate(l, `need.${needCategory(code)}`)).join(' '))}`]),
);

export function matchNeeds(query: string, exclude: readonly string[] = []): NeedCode[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const q = fold(query.trim()).replace(/\s+/g, '');
  // The code itself first, then needs whose own label has the words, then those found by their category's.
  const rank = (code: NeedCode) =>
    fold(code) === q || fold(code).replace('-', '') === q ? 0 : fold(code).startsWith(q) ? 1 : words.every((w) => OWN_TEXT.get(code)!.includes(w)) ? 2 : 3;
  return NEED_CODES.filter((code) => !exclude.includes(code) && words.every((w) => SEARCH_TEXT.get(code)!.includes(w))).sort((a, b) => rank(a) - rank(b));
}

interface Props {
  id: string;
  label: string;
  needs: readonly NeedCode[];
  onChange: (needs: NeedCode[]) => void;
  describedBy?: string | undefined;
  invalid?: boolean;
}

export function NeedsPicker({ id, label, needs, onChange, describedBy, invalid }: Props) {
  const t = useT();
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const options = useMemo(() => matchNeeds(query, needs).slice(0, 12), [query, needs]);
  const expanded = open && query.trim() !== '';
  const choose = (code: NeedCode) => {
    onChange([...needs, code]);
    setQuery('');
    setActive(0);
    setOpen(false);
  };
  const remove = (code: NeedCode) => {
    onChange(needs.filter((c) => c !== code));
    inputRef.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const move = (by: number) => {
      e.preventDefault();
      setOpen(true);
      if (options.length > 0) setActive((a) => (a + by + options.length) % options.length);
    };
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Escape' && query) {
      e.preventDefault();
      e.stopPropagation();
      setQuery('');
      setOpen(false);
    } else if (e.key === 'Enter' && !e.ctrlKey && query.trim()) {
      // Enter with something typed belongs to the list: it never adds a member or saves the family.
      e.preventDefault();
      e.stopPropagation();
      const code = options[Math.min(active, options.length - 1)];
      if (expanded && code) choose(code);
    } else if (e.key === 'Backspace' && !query && needs.length > 0) {
      e.preventDefault();
      onChange(needs.slice(0, -1));
    }
  };
  const optionId = (code: string) => `${listId}-${code}`;
  const activeCode = expanded ? options[Math.min(active, options.length - 1)] : undefined;
  return (
    <div className="needs">
      <input
        ref={inputRef}
        id={id}
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeCode ? optionId(activeCode) : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        value={query}
        autoComplete="off"
        spellCheck={false}
        placeholder={t('needs.placeholder')}
        maxLength={60}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label={t('needs.options')} className="needs__list" hidden={!expanded}>
        {expanded &&
          options.map((code) => (
            <li
              key={code}
              id={optionId(code)}
              role="option"
              aria-selected={code === activeCode}
              className={code === activeCode ? 'is-active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(code);
              }}
            >
              <strong>{code}</strong> · {t(`need.${code}` as MessageKey)}
            </li>
          ))}
        {expanded && options.length === 0 && (
          <li role="option" aria-selected={false} aria-disabled className="needs__none">
            {t('needs.noMatch', { text: query.trim() })}
          </li>
        )}
      </ul>
      {needs.length > 0 && (
        <ul className="chips" aria-label={`${label}: ${t('needs.chosen')}`}>
          {needs.map((code) => (
            <li key={code} className="chip">
              <span>
                {code} · {t(`need.${code}` as MessageKey)}
              </span>
              <button
                type="button"
                aria-label={t('needs.remove', { code })}
                onClick={() => remove(code)}
                onKeyDown={(e) => {
                  if (e.key === 'Delete' || e.key === 'Backspace') {
                    e.preventDefault();
                    remove(code);
                  }
                }}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
