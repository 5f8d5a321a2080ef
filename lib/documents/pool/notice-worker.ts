/**
 * Entry of an avvisi thread (see notice-pool.ts): renders NoticeDocumentData into PDF bytes. Everything a
 * render shares (the @react-pdf modules, the standard fonts' metrics, the layout engine's compiled code) is
 * loaded by a first render when the thread starts, not by the first avviso someone waits for.
 */
import { renderNoticePdf, type NoticeDocumentData } from '../notice-pdf';
import { SAMPLE_NOTICE } from './sample-notice';
import { serveTasks } from './thread-pool';

const ready = renderNoticePdf(SAMPLE_NOTICE);

/** Structured cloning turns the logo's Buffer into a plain Uint8Array, which @react-pdf does not take as image data. */
function withBufferLogo(data: NoticeDocumentData): NoticeDocumentData {
  const logo = data.ente.logo;
  if (!logo || Buffer.isBuffer(logo.data)) return data;
  return { ...data, ente: { ...data.ente, logo: { ...logo, data: Buffer.from(logo.data) } } };
}

serveTasks(async (data: NoticeDocumentData) => {
  await ready;
  return renderNoticePdf(withBufferLogo(data));
});
