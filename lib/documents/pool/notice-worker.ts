/**
 * Entry of an avvisi thread (see notice-pool.ts): renders NoticeDocumentData into PDF bytes. A first render when the
 * thread starts loads what every render shares (pdfkit, the standard fonts' metrics, the compiled drawing code), so
 * that the first avviso someone waits for does not pay for it.
 */
import type { NoticeDocumentData } from '../avviso/notice-document-data';
import { renderNoticePdf } from '../avviso/render-notice';
import { SAMPLE_NOTICE } from './sample-notice';
import { serveTasks } from './thread-pool';

const ready = renderNoticePdf(SAMPLE_NOTICE);

serveTasks(async (data: NoticeDocumentData) => {
  await ready;
  return renderNoticePdf(data);
});
