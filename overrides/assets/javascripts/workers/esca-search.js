/* global importScripts */
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
 * - an unknown last word of 3 letters or more that starts some word of a
 *   title or text (someone still typing) is a prefix, in title and text only;
 * - any other unknown word of 4 letters or more is matched with one typo,
 *   or two from 7 to 20 letters ("scrutney"), the fewest that find some
 *   indexed word: "cort" finds "court", and "childern" finds "children",
 *   not also "childrens";
 * - each section's score is multiplied by the share of the words it matches
 *   to the 8th power, so pages matching more of the words come first: a
 *   title or glossary match weighs up to thousands of times a text match,
 *   which a lower power (the cube) let one word in a title outweigh. From
 *   four words, the cube: a long question holds words its answer need not
 *   ("domestic abuse training for social workers", and no course on it);
 * - a section holding every word as a phrase (in the query's order, at most
 *   two words apart: "apply for a job", "children in care") in its title,
 *   text or questions scores twice as much (with the prebuilt index, which
 *   keeps the entries this reads);
 * - a section holding a word only as its plural or singular ("councillors"
 *   for "councillor") counts it as half a word matched (not in its score);
 * - a question asking what something is ("what is systemic practice", "what
 *   does safe uncertainty mean") puts the page that explains it before a
 *   course or programme named after it: their entries score a quarter;
 * - no two entries of one page score the same: Material shows every entry
 *   of a page that ties with its best, so the sections of one page (a
 *   district in each chart) filled the first screen, and the next page went
 *   unseen. Each later entry of a page scores a hair less.
 *
 * The hidden fields (glossary forms, questions: never shown) add at most
 * what the word would add in a title, once: a common word in a glossary form
 * ("social care") no longer outweighs the page a query is about.
 *
 * Apostrophes are dropped from queries, as from the index ("childrens").
 *
 * The index comes prebuilt (hooks/search.py, esca.search.index: the postings
 * in config.index of search_index.json). lunr's Builder then skips
 * tokenising every page: it takes the postings and computes the scores as
 * usual. Highlighting in results needs word positions, which the postings do
 * not carry: they are found by tokenising the entries as Material does, a
 * batch at a time between searches once the index is ready, and for the first
 * results of a search when not yet done.
 *
 * The offline copy runs workers through the iframe-worker shim, which runs
 * this as a page script: the script finds Material's worker either way.
 *
 * A query using lunr syntax (+, -, :, ~, ^) is left to lunr. The Python
 * replica in tests/search_replica.py does the same; tests/test_search.py
 * checks both give the same top three in Chromium on every judged query, and
 * that Material's worker still speaks the messages this relies on.
 */
"use strict"

/* Registered before Material's listener, so it sees each message first:
   the set-up message's prebuilt index, and queries, without apostrophes */
const APOSTROPHES = /['\u2019]/g
let prebuilt = null
addEventListener("message", ev => {
  if (ev.data && ev.data.type === 0) {
    prebuilt = ev.data.data.config.index || null
    delete ev.data.data.config.index
  } else if (ev.data && ev.data.type === 2 && typeof ev.data.data === "string") {
    ev.data.data = ev.data.data.replace(APOSTROPHES, "")
  }
})

/* In a worker, this script's address is location. In the offline copy the
   iframe-worker shim runs it as a page script, adds "?<time>" to its address,
   and its importScripts returns a promise. */
const script = new URL(typeof document === "undefined" ? location.href : document.currentScript.src)
const material = script.search.slice(1).replace(/\?\d+$/, "")
if (!/^search\.[\w.]+\.js$/.test(material))
  throw new Error("esca-search: expected Material's worker file name after '?'")
let lunr, search
Promise.resolve(importScripts(new URL(material, script).href)).then(() => {
  lunr = self.lunr
  patchBuilder()
  search = lunr.Index.prototype.search
  lunr.Index.prototype.search = function (transformed) {
    const results = escaSearch.call(this, transformed)
    return this.escaBuilder ? addPositions(this, results) : results
  }
})
const QUESTION_WORDS = new Set(`
  what whats what's how who whom whose which when where why is are am was do does did can could will would
  should shall may might i me my mine we us our you your it its there here a an the of to for in on at by
  with about into from up out as or and but if so not no any some this that these those get got much many
  mean means meaning stand stands tell find look
  dont doesnt didnt cant wont isnt arent wasnt werent havent hasnt shouldnt wouldnt couldnt im ive youre
  difference between getting gets going supposed meant`.split(/\s+/).filter(Boolean))
const FORM_CREDIT = 0.5  // a word a result holds only as its plural or singular counts this much of a word
const LONG_QUERY = 4  // from this many words, a result's score goes with its share of them cubed, not to the 8th power
const ONE_TYPO = 4  // an unknown word this long may be a typo away from the word meant
const TWO_TYPOS = [7, 20]  // an unknown word this long may be two typos away (longer: no real word, and slow)
const PREFIX_FIELDS = ["title", "text"]  // where an unfinished last word is looked for
const HIDDEN_FIELDS = ["glossary", "questions", "mentions"]  // never shown in results
const HIDDEN_AS = "title"  // a word in a hidden field adds at most what it would here, once
const TAUGHT_KINDS = ["course", "programme"]  // the kinds of page (in the title) a "what is" question prefers less
const TAUGHT_WEIGHT = 0.25
const WHAT_IS = ["what is", "what are", "whats", "what does", "define", "meaning of", "definition of"]
const TIE_BREAK = 1e-6  // each later entry of a page scores this share less per entry before it
const PHRASE_FIELDS = ["title", "text", "questions"]
const PHRASE_GAP = 2  // words allowed between two of the query's words in a phrase
const PHRASE_BONUS = 2
const HIGHLIGHTED = 50  // results given word positions during a search
const WARM_BATCH = 50  // entries given word positions in one task between searches
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
  const vocabulary = index.escaVocabulary ||= Object.keys(index.invertedIndex)
    .filter(term => PREFIX_FIELDS.some(field => Object.keys(index.invertedIndex[term][field] || {}).length)).sort()
  let lo = 0, hi = vocabulary.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (vocabulary[mid] < word) lo = mid + 1
    else hi = mid
  }
  return lo < vocabulary.length && vocabulary[lo].startsWith(word)
}

/* A word without the '*' a reader may type after it (walked in from the end:
   a pattern such as /\*+$/ reads a long run of '*' again from each one) */
function withoutStars(part) {
  let end = part.length
  while (end > 0 && part[end - 1] === "*") end -= 1
  return part.slice(0, end)
}

function clausesFor(index, transformed) {
  const parts = transformed.trim().split(/\s+/).filter(Boolean)
  if (parts.some(part => /^[+-]|[:~^]/.test(part)))
    return null
  const words = contentWords(parts.map(withoutStars).join(" "))
  const clauses = []
  words.forEach((word, i) => {
    if (index.pipeline.runString(word).some(term => term in index.invertedIndex))
      clauses.push({ term: word })
    else if (i === words.length - 1 && word.length >= 3 && hasPrefix(index, word))
      clauses.push({ term: word, fields: PREFIX_FIELDS, wildcard: lunr.Query.wildcard.TRAILING,
                     usePipeline: false })
    else if (word.length >= ONE_TYPO)
      clauses.push({ term: word, editDistance: typoDistance(index, word) })
  })
  return clauses
}

/* The fewest typos, up to two from TWO_TYPOS[0] to TWO_TYPOS[1] letters and
   one otherwise, at which the word is some indexed word's */
function typoDistance(index, word) {
  const most = word.length >= TWO_TYPOS[0] && word.length <= TWO_TYPOS[1] ? 2 : 1
  for (let distance = 1; distance < most; distance++)
    if (index.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(word, distance)).toArray().length)
      return distance
  return most
}

/* The word's plural or singular (an "s" or "es" more or less) that the
   index holds: "councillors" for "councillor" */
function otherForms(index, word) {
  const forms = [word + "s", word + "es"]
  if (word.endsWith("s"))
    forms.push(word.slice(0, -1))
  if (word.endsWith("es"))
    forms.push(word.slice(0, -2))
  return forms.filter(form => form !== word && form.length >= 3 && form in index.invertedIndex)
}

/* Whether a query asks what something is: its first words, as typed */
function asksWhatItIs(transformed) {
  const words = []
  for (const part of transformed.trim().split(/\s+/))
    words.push(...withoutStars(part).toLowerCase().split(lunr.tokenizer.separator).filter(Boolean))
  const opening = words.slice(0, 2).join(" ")
  return WHAT_IS.some(start => opening === start || opening.startsWith(`${start} `))
}

const TAUGHT = new RegExp(` \\((?:${TAUGHT_KINDS.join("|")})\\)$`)

/* Whether an entry is of a course or programme page: its page's title ends
   in the kind esca.search.index.present gives it, "(course)" */
function taught(index, ref) {
  const page = index.escaBuilder.escaDocs.get(ref.split("#")[0])
  return Boolean(page) && TAUGHT.test(page.title || "")
}

/* The query's words as a phrase, in the space-separated form of flatten(): in
   the query's order, each at most PHRASE_GAP words after the one before; null
   for one word, or when a word is matched with typos */
function phrasePattern(clauses) {
  if (clauses.length < 2 || clauses.some(clause => clause.editDistance))
    return null
  const words = clauses.map(clause =>
    clause.term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + (clause.wildcard ? "[^ ]*" : ""))
  return new RegExp(` ${words.join(` (?:[^ ]+ ){0,${PHRASE_GAP}}`)} `)
}

/* A field's words as the index reads them, one space apart, a space at each end */
function flatten(value) {
  const text = (Array.isArray(value) ? value.join(" ") : String(value))
    .replace(/<[^<>]*>/g, " ").toLowerCase().replace(APOSTROPHES, "")  // stops at "<": a run of unclosed "<" is read once
  return ` ${text.split(lunr.tokenizer.separator).filter(Boolean).join(" ")} `
}

function hasPhrase(index, ref, pattern) {
  const cache = index.escaFlat ||= new Map()
  if (!cache.has(ref)) {
    const doc = index.escaBuilder.escaDocs.get(ref)
    cache.set(ref, PHRASE_FIELDS.filter(field => doc[field]).map(field => flatten(doc[field])))
  }
  return cache.get(ref).some(text => pattern.test(text))
}

function patchBuilder() {
  const { add, build } = lunr.Builder.prototype
  lunr.Builder.prototype.add = function (doc, attributes) {
    if (!prebuilt)
      return add.call(this, doc, attributes)
    this.escaDocs ||= new Map()
    this.escaDocs.set(doc[this._ref], doc)
    this._documents[doc[this._ref]] = attributes || {}
    this.documentCount += 1
  }

  /* The index from the prebuilt postings: what lunr's Builder.build computes
     (lunr.idf, BM25 with Material's b = 0, boosts, three decimals), in one pass
     over the terms in order, so every vector is built already sorted. */
  lunr.Builder.prototype.build = function () {
    if (!prebuilt || this._b !== 0)
      return build.call(this)
    const { fields, terms } = prebuilt
    prebuilt = null
    const refs = [...this.escaDocs.keys()], boosts = refs.map(ref => this._documents[ref].boost || 1)
    const asBoost = this._fields[HIDDEN_AS] ? this._fields[HIDDEN_AS].boost || 1 : Infinity
    const invertedIndex = Object.create(null), vectors = Object.create(null), empty = Object.freeze({})
    const k1 = this._k1, sorted = Object.keys(terms).sort(), prefixable = []
    const fieldBoosts = fields.map(field => this._fields[field].boost || 1)
    const hidden = fields.map(field => HIDDEN_FIELDS.includes(field))
    const prefixFields = fields.map((field, f) => PREFIX_FIELDS.includes(field) ? f : -1).filter(f => f >= 0)
    sorted.forEach((term, termIndex) => {
      const posting = invertedIndex[term] = { _index: termIndex }
      const lists = terms[term].map(numbers => {
        const list = []
        for (let i = 0, position = 0; i < numbers.length; i++)
          list.push(position += numbers[i], numbers[i + 1] < 0 ? -numbers[++i] : 1)
        return list
      })
      lists.forEach((list, f) => {
        const field = posting[fields[f]] = Object.create(null)
        for (let i = 0; i < list.length; i += 2)
          field[refs[list[i]]] = empty
      })
      if (prefixFields.some(f => lists[f].length))
        prefixable.push(term)  // in order: hasPrefix's vocabulary, found here rather than on the first search
      const idf = lunr.idf(posting, this.documentCount)
      lists.forEach((list, f) => {
        const boost = fieldBoosts[f]
        for (let i = 0; i < list.length; i += 2) {
          const tf = list[i + 1], score = idf * ((k1 + 1) * tf) / (k1 + tf) * boost * boosts[list[i]]
          const rounded = Math.round(score * 1000) / 1000
          ;(vectors[`${fields[f]}/${refs[list[i]]}`] ||= []).push(termIndex, hidden[f]
            ? Math.min(rounded, Math.round(idf * asBoost * boosts[list[i]] * 1000) / 1000) : rounded)
        }
      })
    })
    const fieldVectors = Object.create(null)
    for (const fieldRef in vectors)
      fieldVectors[fieldRef] = new lunr.Vector(vectors[fieldRef])
    const index = new lunr.Index({ invertedIndex, fieldVectors, tokenSet: lunr.TokenSet.fromArray(sorted),
                                   fields: Object.keys(this._fields), pipeline: this.searchPipeline })
    index.escaBuilder = this
    index.escaVocabulary = prefixable
    setTimeout(warm, 0, index, refs)
    return index
  }
}

/* Word positions, for highlighting, as Material's builder would have recorded
   them: found by tokenising an entry as Material does, and kept. Every entry
   is done a batch at a time once the index is ready, between searches; a
   search also does those of its first results still to do. */
function positionsOf(index, ref, field) {
  const cache = index.escaPositions ||= new Map(), key = `${field}/${ref}`
  if (!cache.has(key)) {
    const builder = index.escaBuilder, found = Object.create(null)
    const tokens = builder.tokenizer(builder._fields[field].extractor(builder.escaDocs.get(ref)), { fields: [field] })
    for (const token of builder.pipeline.run(tokens.map(t => t.update(s => s.replace(APOSTROPHES, "")))))
      (found[token.toString()] ||= []).push(token.metadata.position)
    cache.set(key, found)
  }
  return cache.get(key)
}

function addPositions(index, results) {
  const cache = index.escaPositions ||= new Map()
  results.forEach(({ ref, matchData }, i) => {
    for (const [term, fields] of Object.entries(matchData.metadata))
      for (const field in fields) {
        const found = i < HIGHLIGHTED || cache.has(`${field}/${ref}`) ? positionsOf(index, ref, field)[term] : null
        fields[field] = { position: found || [] }  // a new object: postings share one frozen {}
      }
  })
  return results
}

function warm(index, refs, start = 0) {
  const end = Math.min(start + WARM_BATCH, refs.length)
  for (let i = start; i < end; i++)
    for (const field in index.escaBuilder._fields)
      positionsOf(index, refs[i], field)
  if (end < refs.length)
    setTimeout(warm, 0, index, refs, end)
}

function escaSearch(transformed) {
  const clauses = clausesFor(this, transformed)
  if (clauses === null)
    return search.call(this, transformed)
  if (!clauses.length)
    return []
  /* Which clauses each result matches: read from the words it matched, but
     for one-typo clauses, whose words lunr finds, asked of lunr apart */
  const fuzzy = clauses.map(clause => clause.editDistance &&
    new Set(this.query(query => query.clause({ ...clause })).map(({ ref }) => ref)))
  const results = this.query(query => clauses.forEach(clause => query.clause({ ...clause })))
  const forms = clauses.map(clause => clause.editDistance || clause.wildcard ? [] : otherForms(this, clause.term))
  const phrase = this.escaBuilder ? phrasePattern(clauses) : null
  const taughtLess = this.escaBuilder ? asksWhatItIs(transformed) : false
  for (const result of results) {
    const metadata = result.matchData.metadata, terms = Object.keys(metadata)
    let matched = 0
    clauses.forEach((clause, i) => {
      if (fuzzy[i] ? fuzzy[i].has(result.ref)
          : clause.wildcard ? terms.some(term => term.startsWith(clause.term) && clause.fields.some(f => f in metadata[term]))
          : clause.term in metadata)
        matched += 1
      else if (forms[i].some(form => this.fields.some(field => result.ref in (this.invertedIndex[form][field] || {}))))
        matched += FORM_CREDIT
    })
    const coverage = matched / clauses.length
    const squared = coverage * coverage, fourth = squared * squared
    result.score *= clauses.length >= LONG_QUERY ? squared * coverage : fourth * fourth  // as the replica does it
    if (coverage === 1 && phrase && hasPhrase(this, result.ref, phrase))
      result.score *= PHRASE_BONUS
    if (taughtLess && taught(this, result.ref))
      result.score *= TAUGHT_WEIGHT
  }
  return distinctPagesFirst(results.sort((a, b) => b.score - a.score))
}

/* The same order, but no two entries of one page with the same score */
function distinctPagesFirst(results) {
  const seen = new Map()
  for (const result of results) {
    const page = result.ref.split("#")[0], later = seen.get(page) || 0
    if (later)
      result.score *= 1 - TIE_BREAK * later
    seen.set(page, later + 1)
  }
  return results
}
