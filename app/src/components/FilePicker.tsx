import { useId, useState, type Ref } from 'react';
import { useT } from '../i18n';

interface Props {
  label: string;
  accept?: string;
  disabled?: boolean;
  className?: string;
  /** The name to show, when the screen keeps the chosen file itself (undefined: none chosen); else the last one picked. */
  fileName?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
  onFile?: (file: File | undefined) => void;
  /**
   * A folder rather than a file: the chooser picks a folder and `onFolder` gets its name and every file in it (each
   * crosses later by its path, through the bridge's pathOf, never as bytes).
   */
  onFolder?: (folder: { name: string; files: File[] }) => void;
}

/** The chosen folder's own name: the first part of any of its files' path inside it. */
const folderName = (files: File[]): string => files[0]?.webkitRelativePath.split('/')[0] ?? '';

/**
 * A file field in the clerk's language: the browser's own "Choose File" button speaks the computer's language, so
 * the native input is visually hidden (still labelled by the field's label, out of the tab order) and a button of
 * ours opens its chooser, with the chosen file's name beside it.
 */
export function FilePicker({ label, accept, disabled, className, inputRef, onFile, onFolder, ...props }: Props) {
  const t = useT();
  const id = useId();
  const [chosen, setChosen] = useState<string>();
  const shown = 'fileName' in props ? props.fileName : chosen;
  // The screen may hold a ref to the input (to clear it); the button finds it by id, so the two refs never need merging.
  const openChooser = () => (document.getElementById(id) as HTMLInputElement | null)?.click();
  return (
    <div className={`field file-picker ${className ?? ''}`}>
      <label id={`${id}-label`} htmlFor={id}>
        {label}
      </label>
      <div className="file-picker__row">
        <input
          id={id}
          ref={inputRef}
          type="file"
          className="file-picker__input"
          tabIndex={-1}
          accept={accept}
          disabled={disabled}
          // React knows no `webkitdirectory`; as an attribute it makes the chooser pick a folder (Chromium, Electron).
          {...(onFolder ? { webkitdirectory: '', multiple: true } : {})}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (onFolder) {
              const name = folderName(files);
              setChosen(name || undefined);
              if (files.length > 0) onFolder({ name, files });
              return;
            }
            setChosen(files[0]?.name);
            onFile?.(files[0]);
          }}
        />
        <button type="button" className="button" disabled={disabled} aria-describedby={`${id}-label ${id}-name`} onClick={openChooser}>
          {onFolder ? t('file.chooseFolder') : t('file.choose')}
        </button>
        <span id={`${id}-name`} className={shown ? 'file-picker__name' : 'muted'} aria-live="polite">
          {shown ?? (onFolder ? t('file.noFolder') : t('file.none'))}
        </span>
      </div>
    </div>
  );
}
