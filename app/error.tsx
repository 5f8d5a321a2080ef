'use client';

/*
 * Above every site's layout, which is where the <html> is rendered (see Document): an error caught here has no
 * page around it, so it is shown like one in the root layout.
 */
export { default } from './global-error';
