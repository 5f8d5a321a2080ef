import { cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

type AnyProps = Record<string, unknown>;

function isAsyncComponent(type: unknown): type is (props: AnyProps) => Promise<ReactNode> {
  return typeof type === 'function' && type.constructor.name === 'AsyncFunction';
}

/**
 * Server components outside a Next server: react-dom renders only synchronous ones, so the async ones (layouts,
 * shells, pages) are called and awaited here first, wherever they sit in the tree (children or other props).
 */
export async function resolveServerTree(node: ReactNode): Promise<ReactNode> {
  if (Array.isArray(node)) return Promise.all(node.map(resolveServerTree));
  if (!isValidElement(node)) return node;
  const element = node as ReactElement<AnyProps>;
  if (isAsyncComponent(element.type)) return resolveServerTree(await element.type(element.props));
  const props = await Promise.all(
    Object.entries(element.props).map(async ([key, value]) => [
      key,
      isValidElement(value) || Array.isArray(value) ? await resolveServerTree(value as ReactNode) : value,
    ]),
  );
  return cloneElement(element, Object.fromEntries(props) as AnyProps);
}

/** The HTML of a server component tree (async components included). */
export async function renderServerTree(node: ReactNode): Promise<string> {
  return renderToStaticMarkup(await resolveServerTree(node));
}
