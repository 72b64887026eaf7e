// The warning a deploy gives when a digest could not be looked up. The references themselves,
// and the platforms recorded with a pinned digest, are src/model/imageRef.ts.

/** The client's warning when a digest could not be looked up. */
export function digestWarning(image: string): string {
  return `${image}: its digest could not be looked up in its registry, so it is deployed as written and each node resolves the tag itself (nodes may end up running different versions of it).`;
}
