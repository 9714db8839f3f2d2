/**
 * Resolves when a printed document can go to the printer: its images decoded and the Armenian and Cyrillic faces it
 * uses loaded (the bundled fonts load only for the characters a page shows).
 */
export async function documentReady(root: HTMLElement): Promise<void> {
  await Promise.all([...root.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined)));
  const text = root.textContent;
  const faces = ['Noto Sans', 'Noto Sans Armenian'].flatMap((family) => ['400', '700'].map((weight) => `${weight} 16px "${family}"`));
  await Promise.all(faces.map((face) => document.fonts.load(face, text).catch(() => [])));
  await document.fonts.ready;
}

const MM_PER_PX = 25.4 / 96;
let pageSheet: CSSStyleSheet | undefined;

/**
 * A receipt is as long as its content: the page is sized to the slip (an 80 mm roll has no page length). The rule is
 * added through the CSSOM, which the Content-Security-Policy allows (an inline <style> it would refuse).
 */
export function fitPageTo(element: HTMLElement | null, widthMm: number): () => void {
  if (!element) return () => undefined;
  const heightMm = Math.ceil(element.getBoundingClientRect().height * MM_PER_PX) + 2;
  pageSheet ??= new CSSStyleSheet();
  pageSheet.replaceSync(`@page { size: ${widthMm}mm ${heightMm}mm; margin: 0; }`);
  if (!document.adoptedStyleSheets.includes(pageSheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
  return () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== pageSheet);
  };
}
