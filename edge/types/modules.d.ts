// Module types for what wrangler's rules bundle into the Worker (see wrangler.toml).
declare module '*.onnx' {
  /** `Data` rule: the file's bytes. */
  const bytes: ArrayBuffer;
  export default bytes;
}

declare module '*.wasm' {
  /** wrangler's default `CompiledWasm` rule: a compiled module (workerd forbids compiling from bytes). */
  const module: WebAssembly.Module;
  export default module;
}
