export { GET, POST } from '@/lib/auth/saml/demo-idp/page';
