// What the deploy adds to image references: the platforms the client records with a pinned
// digest, and the warning when a digest could not be looked up. The references themselves are
// src/model/imageRef.ts.

/** The platforms the client puts in Placement.Platforms: "arm" loses its architecture (nodes report armv7l). */
export function placementPlatforms(platforms: readonly { architecture?: string; os?: string }[]): { Architecture?: string; OS?: string }[] {
  return platforms.map((p) => {
    const arch = p.architecture && p.architecture.toLowerCase() !== 'arm' ? p.architecture : '';
    return { ...(arch ? { Architecture: arch } : {}), ...(p.os ? { OS: p.os } : {}) };
  });
}

/** The client's warning when a digest could not be looked up. */
export function digestWarning(image: string): string {
  return `${image}: its digest could not be looked up in its registry, so it is deployed as written and each node resolves the tag itself (nodes may end up running different versions of it).`;
}
