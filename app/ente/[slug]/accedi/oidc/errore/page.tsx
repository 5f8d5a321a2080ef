export { default, metadata } from '@/app/_components/oidc-error-page';
