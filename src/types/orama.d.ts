// @orama/stemmers and @orama/stopwords ship CommonJS builds, but their
// export maps give types only for ESM, which "moduleResolution": "node"
// cannot see. These are the declarations of the four entries we use.
declare module '@orama/stemmers/english' {
  export function stemmer(word: string): string;
}
declare module '@orama/stemmers/portuguese' {
  export function stemmer(word: string): string;
}
declare module '@orama/stopwords/english' {
  export const stopwords: string[];
}
declare module '@orama/stopwords/portuguese' {
  export const stopwords: string[];
}
