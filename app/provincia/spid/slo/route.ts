export { sloGET as GET, sloPOST as POST } from '@/lib/auth/saml/slo';
