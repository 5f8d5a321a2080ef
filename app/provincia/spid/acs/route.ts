export { POST } from '@/lib/auth/saml/acs';
