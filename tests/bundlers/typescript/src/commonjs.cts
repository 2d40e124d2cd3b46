// A CommonJS module: require() of the ES module package, typed (TypeScript >= 5.8, module nodenext).
import { init, extractPaletteFrom, type Palette } from 'palette-sentiment';

init().then(() => extractPaletteFrom('photo.png')).then((palette: Palette) => console.log(palette.colors.length));
