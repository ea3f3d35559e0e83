// Loaded with `node --import` before vigil's own modules: installs hooks.mjs.
import { register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url));
