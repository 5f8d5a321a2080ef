export { cieMetadataGET as GET } from '@/lib/auth/saml/metadata-route';
