/**
 * Subnet identities for a few seeded subnets, so wallets can show subnet cards on the devnet.
 * The `additional` fields are TAOAppv1 payloads taken verbatim from the spec's test vectors
 * (latent-to/TAOApp-specs, taoapp-v1/test-vectors.json, commit 5c05747), plus the plain form, an
 * http link that a reader must drop, and a malformed payload that a reader must ignore.
 */
import type { ChainState, SubnetIdentity } from './types.ts';

/** Spec vector "links and tags", pako encoding. */
export const VECTOR_LINKS_AND_TAGS = 'TAOAppv1:Q07XLuhnQEPrSvBoDagHmp-XSjjt5-TkKumgyCQWZBLIDakViaCyHU-mQKhAyxvgEWaoLHh7EP4ECFUJHTJQqq0FAA';
/** Spec vector "full about page", zlib encoding. */
export const VECTOR_FULL_ABOUT =
  'TAOAppv1:Q07XRJwGjpr0YWOUiISPnBnSC0pBypEMJZAnIGesYiZ_8CAy0gGsWBNRCEwzkpeJ8xAitY0edQ5buYma70bquefo5c3wOQYdueQc7ueU61FcNZBywDieagT9DGk81Qp4YBiiCEtNEgJqFcILPFS3ghveSKc0FeOpIEBzhKglpnsq9AISyFUaGHUGZlEMrEMA';
/** Spec vector "multi-byte text", zlib encoding. */
export const VECTOR_MULTI_BYTE = 'TAOAppv1:Q07X51sS8xUeNUxReDZ96bM5a16smqfwYf6sBoXDe_IOr08-vC3l8EqkNH6-Bcg5PF8pthYA';

const identity = (fields: Partial<SubnetIdentity>): SubnetIdentity => ({
  subnetName: '', githubRepo: '', subnetContact: '', subnetUrl: '', discord: '', description: '', logoUrl: '', additional: '', ...fields,
});

export const DEVNET_SUBNET_IDENTITIES: ReadonlyMap<number, SubnetIdentity> = new Map([
  [1, identity({ subnetName: 'Apex', githubRepo: 'example/subnet', subnetUrl: 'https://apex.example/', description: 'Inference for everyone.', additional: VECTOR_LINKS_AND_TAGS })],
  [2, identity({ subnetName: 'Beacon', subnetUrl: 'https://docs.targon.com/', description: 'Confidential compute.', additional: VECTOR_FULL_ABOUT })],
  [3, identity({ subnetName: 'Gradient', description: 'Multi-byte text.', additional: VECTOR_MULTI_BYTE })],
  [4, identity({ subnetName: 'Delta Compute', description: 'Plain-form payload with one insecure link.', additional: '{"apiVersion":"TAOAppv1","tagline":"Plain form, hand written","category":"compute","links":{"x":"http://x.com/insecure","docs":"https://docs.delta.example/"}}\n' })],
  [5, identity({ subnetName: 'Epsilon Storage', description: 'A malformed payload: readers ignore it.', additional: 'TAOAppv1:Q07X!!not-base64!!' })],
  [8, identity({ subnetName: 'Theta Oracle', description: 'Owner prose only.', additional: 'Price feeds, no TAOApp payload here.' })],
]);

/** Gives the seeded subnets that exist in `state` their identity (a custom genesis may lack some). */
export function seedSubnetIdentities(state: ChainState): void {
  for (const [netuid, id] of DEVNET_SUBNET_IDENTITIES) {
    const subnet = state.subnets.get(netuid);
    if (subnet !== undefined && subnet.identity === undefined) subnet.identity = id;
  }
}
