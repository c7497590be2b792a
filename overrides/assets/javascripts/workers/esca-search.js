/* ESCA search: a thin shim around Material for MkDocs' own search worker.
 *
 * overrides/main.html points Material at this script, with Material's worker
 * file name as the query string. The script loads Material's worker as it is,
 * then replaces lunr's Index.search, which Material calls with the query it
 * has already transformed (a trailing wildcard on every word):
 *
 * - stop words and question words ("how", "do", "I", "for") are dropped, so
 *   they never decide the ranking;
 * - a word the index knows is matched exactly: no wildcard, so no short
 *   prefix reaches a boosted field;
 * - an unknown last word of 3 letters or more that starts some indexed word
 *   (someone still typing) is a prefix, in title and text only;
 * - any other unknown word of 5 letters or more is matched with one typo;
 * - each section's score is multiplied by the cube of the share of the words
 *   it matches, so pages matching more of the words come first.
 *
 * A query using lunr syntax (+, -, :, ~, ^) is left to lunr. The Python
 * replica in tests/search_replica.py does the same; tests/test_search.py
 * checks both give the same top three in Chromium on every judged query, and
 * that Material's worker still speaks the messages this relies on.
 */
"use strict"

const material = location.search.slice(1)
if (!/^search\.[\w.]+\.js$/.test(material))
  throw new Error("esca-search: expected Material's worker file name after '?'")
importScripts(material)

const lunr = self.lunr
const QUESTION_WORDS = new Set(`
  what whats what's how who whom whose which when where why is are am was do does did can could will would
  should shall may might i me my mine we us our you your it its there here a an the of to for in on at by
  with about into from up out as or and but if so not no any some this that these those get got much many
  mean means meaning stand stands tell find look`.split(/\s+/).filter(Boolean))
const TRIM = /^["'+\-*~^:?.,!()]+|["'+\-*~^:?.,!()]+$/g

function contentWords(query) {
  const words = []
  for (const chunk of query.toLowerCase().split(/\s+/))
    for (let word of chunk.split(lunr.tokenizer.separator)) {
      word = word.replace(TRIM, "")
      if (word && !QUESTION_WORDS.has(word) && lunr.stopWordFilter(word) !== undefined && !words.includes(word))
        words.push(word)
    }
  return words
}

function hasPrefix(index, word) {
  const vocabulary = index.escaVocabulary ||= Object.keys(index.invertedIndex).sort()
  let lo = 0, hi = vocabulary.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (vocabulary[mid] < word) lo = mid + 1
    else hi = mid
  }
  return lo < vocabulary.length && vocabulary[lo].startsWith(word)
}

function clausesFor(index, transformed) {
  const parts = transformed.trim().split(/\s+/).filter(Boolean)
  if (parts.some(part => /^[+-]|[:~^]/.test(part)))
    return null
  const words = contentWords(parts.map(part => part.replace(/\*+$/, "")).join(" "))
  const clauses = []
  words.forEach((word, i) => {
    if (index.pipeline.runString(word).some(term => term in index.invertedIndex))
      clauses.push({ term: word })
    else if (i === words.length - 1 && word.length >= 3 && hasPrefix(index, word))
      clauses.push({ term: word, fields: ["title", "text"], wildcard: lunr.Query.wildcard.TRAILING,
                     usePipeline: false })
    else if (word.length >= 5)
      clauses.push({ term: word, editDistance: 1 })
  })
  return clauses
}

const search = lunr.Index.prototype.search
lunr.Index.prototype.search = function (transformed) {
  const clauses = clausesFor(this, transformed)
  if (clauses === null)
    return search.call(this, transformed)
  if (!clauses.length)
    return []
  const hits = new Map()
  for (const clause of clauses)
    for (const { ref } of this.query(query => query.clause({ ...clause })))
      hits.set(ref, (hits.get(ref) || 0) + 1)
  const results = this.query(query => clauses.forEach(clause => query.clause({ ...clause })))
  for (const result of results) {
    const coverage = hits.get(result.ref) / clauses.length
    result.score *= coverage * coverage * coverage
  }
  return results.sort((a, b) => b.score - a.score)
}
