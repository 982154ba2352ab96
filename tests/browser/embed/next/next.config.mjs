// The one line Next.js needs (README, "Server-side rendering"): leave the
// package to Node's own require on the server, so its Node build finds its
// .wasm beside itself instead of inside Next's server bundle.
export default { serverExternalPackages: ['conduct-engine'] };
