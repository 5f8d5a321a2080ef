export { default, generateMetadata } from '@/app/_components/oidc-error-page';
