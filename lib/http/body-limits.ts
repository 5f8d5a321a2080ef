import { MAX_IMPORT_REQUEST_BYTES } from '../imports/csv-format';
import { MAX_MESSAGE_BODY_BYTES } from '../support/attachments';

/**
 * What the layers in front of the routes let through: the largest body a route reads (the import's CSV),
 * plus 1 MB. A body just past a route's own cap still reaches the route, which answers its Italian 413,
 * instead of being cut short by Next's middleware copy or refused by nginx (`client_max_body_size`,
 * rendered from this value by deploy/nginx/render.ts). Relative imports: next.config.ts loads this file.
 */
export const FRONT_MAX_BODY_BYTES = Math.max(MAX_IMPORT_REQUEST_BYTES, MAX_MESSAGE_BODY_BYTES) + 1024 * 1024;
