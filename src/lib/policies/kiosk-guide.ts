/** The shopper guide as the kiosk shows it: shopper pages in the kiosk's language. */
import type { Lang } from '../i18n/dict';
import type { LibraryPage } from './library';

/** Shopper-guide pages for a language: the translation where one exists, else the original. */
export function guidePages(pages: LibraryPage[], lang: Lang): LibraryPage[] {
  const originals = pages.filter((p) => p.data.section === 'shopper-guide' && !p.data.translationOf);
  return originals.map((page) => {
    if (lang === 'zh-CN') return page;
    return (
      pages.find(
        (p) => p.data.translationOf === page.slug && p.data.lang === lang && p.data.section === 'shopper-guide',
      ) ?? page
    );
  });
}
