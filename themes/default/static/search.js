// The search page: Pagefind's JS API over the bundles the build writes under /pagefind/.
// The state (query, filters, order) lives in the address bar, so a search can be linked and reloaded.
// The index is split into shards by period (one Pagefind bundle each, listed newest first in
// /pagefind/shards.json); `openShards` gives them the API of a single bundle.

const root = document.getElementById("search");
const strings = JSON.parse(document.getElementById("search-strings").textContent);
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const sortSelect = document.getElementById("search-sort");
const status = document.getElementById("search-status");
const list = root.querySelector(".search-results");
const more = root.querySelector(".search-more");
const filterBox = root.querySelector(".search-filters");
const facets = [...root.querySelectorAll(".search-facet")].map((el) => el.dataset.facet);

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;
const NEWEST = "moi-nhat";        // the ?sap_xep= value; most relevant first is the default and stays out of the URL

let pagefind = null;               // the shards, behind the calls of one Pagefind bundle
let results = [];
let shown = 0;
let generation = 0;                // bumped by every search, so a slow older search never overwrites a newer one
let timer = 0;
let totals = {};                   // every value's count over the whole site, shown when nothing is asked

const format = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
const collator = new Intl.Collator("vi");
const narrow = window.matchMedia("(max-width: 47.99rem)");   // below the two-column layout of search.css
const numberFormat = new Intl.NumberFormat("vi");

function selected(key) {
  return [...root.querySelectorAll(`.search-facet[data-facet="${key}"] input:checked`)].map((box) => box.value);
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  sortSelect.value = params.get("sap_xep") === NEWEST ? NEWEST : "";
  return Object.fromEntries(facets.map((key) => [key, new Set(params.getAll(key))]));
}

function writeUrl() {
  const params = new URLSearchParams();
  const query = input.value.trim();
  if (query) params.set("q", query);
  for (const key of facets) for (const value of selected(key)) params.append(key, value);
  if (sortSelect.value) params.set("sap_xep", sortSelect.value);
  const search = params.toString();
  history.replaceState(null, "", location.pathname + (search ? `?${search}` : "") + location.hash);
}

// Each shard's pagefind.js is its own module (its URL differs), so each keeps its own index.
async function openShards(manifestUrl, base) {
  const response = await fetch(manifestUrl);
  if (!response.ok) throw new Error(`${manifestUrl}: ${response.status}`);
  const manifest = await response.json();
  const shards = await Promise.all(manifest.shards.map(async (shard) => {
    const bundle = await import(base + shard.url.replace(/^\//, "") + "pagefind.js");
    await bundle.options({ baseUrl: base, excerptLength: 30 });
    await bundle.init();
    return bundle;
  }));
  // Counts of the same facet value in several shards add up.
  const addCounts = (all) => {
    const sum = {};
    for (const filters of all) {
      for (const [key, values] of Object.entries(filters || {})) {
        sum[key] ||= {};
        for (const [value, count] of Object.entries(values)) sum[key][value] = (sum[key][value] || 0) + count;
      }
    }
    return sum;
  };
  // Pagefind leaves out of a query any word its index lacks, so that a typo does not empty the
  // results.  Across shards that changes the question: a shard without "khoi" would answer
  // "dong khoi" as "dong".  So a shard that lacks a word some other shard has answers nothing.
  const lacking = new Map();        // query → for each shard, whether it lacks a word another has
  async function shardsLackingWords(query) {
    const words = (query || "").replace(/"/g, " ").split(/\s+/).filter(Boolean);
    if (shards.length < 2 || words.length < 2) return shards.map(() => false);
    if (!lacking.has(query)) {
      const has = await Promise.all(shards.map((bundle) => Promise.all(
        words.map(async (word) => ((await bundle.search(word))?.results.length || 0) > 0))));
      const somewhere = words.map((_, i) => has.some((shard) => shard[i]));
      lacking.set(query, has.map((shard) => shard.some((found, i) => !found && somewhere[i])));
    }
    return lacking.get(query);
  }
  return {
    async filters() {
      return addCounts(await Promise.all(shards.map((bundle) => bundle.filters())));
    },
    async search(query, options) {
      const [answers, skip] = await Promise.all([
        Promise.all(shards.map((bundle) => bundle.search(query, options))),
        shardsLackingWords(query),
      ]);
      const found = answers.filter((one, i) => one && !skip[i]);
      // Shards cover disjoint periods, newest first: joined in that order, date-sorted results stay
      // sorted.  Ranked by relevance, they are merged by score (a stable sort keeps ties in date order).
      const results = found.flatMap((one) => one.results);
      if (!options.sort) results.sort((a, b) => b.score - a.score);
      return { results, filters: addCounts(found.map((one) => one.filters)) };
    },
  };
}

// Years newest first; names in Vietnamese alphabetical order.
function orderValues(key, values) {
  return key === "nam" ? values.sort((a, b) => b.localeCompare(a)) : values.sort(collator.compare);
}

function buildFilters(available, initial) {
  let any = false;
  for (const key of facets) {
    const values = orderValues(key, Object.keys(available[key] || {}));
    const details = root.querySelector(`.search-facet[data-facet="${key}"]`);
    const options = details.querySelector(".search-options");
    values.forEach((value, index) => {
      const id = `loc-${key}-${index}`;
      const item = document.createElement("li");
      const box = Object.assign(document.createElement("input"), { type: "checkbox", id, value, name: key });
      box.checked = initial[key].has(value);
      const label = Object.assign(document.createElement("label"), { htmlFor: id });
      const count = Object.assign(document.createElement("span"), { className: "search-count" });
      count.dataset.value = value;
      count.textContent = numberFormat.format(available[key][value]);
      label.append(value, " ", count);
      item.append(box, label);
      options.append(item);
    });
    details.hidden = values.length === 0;
    // On a phone the open lists would push the results below the fold: keep closed what is unused.
    if (narrow.matches) details.open = false;
    if (values.length && initial[key].size) details.open = true;
    any ||= values.length > 0;
  }
  filterBox.hidden = !any;
}

// Beside each value, how many results ticking it would give. Values of one facet combine with "or",
// so a facet's counts come from the search with every other facet's choices but not its own.
async function facetCounts(query, filters, found) {
  const counts = {};
  for (const key of facets) {
    if (!filters[key]) {
      counts[key] = found.filters?.[key] || {};
      continue;
    }
    const others = Object.fromEntries(Object.entries(filters).filter(([name]) => name !== key));
    const wider = await pagefind.search(query || null, { filters: others });
    counts[key] = wider?.filters?.[key] || {};
  }
  return counts;
}

function updateCounts(counts) {
  for (const span of root.querySelectorAll(".search-count")) {
    const key = span.closest(".search-facet").dataset.facet;
    const value = counts ? counts[key]?.[span.dataset.value] ?? 0 : totals[key]?.[span.dataset.value] ?? 0;
    span.textContent = numberFormat.format(value);
  }
}

// Pagefind's excerpt is HTML: the record's text with "<" and ">" escaped and <mark> around matches.
// Parse it inert and keep only text and <mark>, so nothing in an article can become markup here.
function excerptNodes(excerpt) {
  const template = document.createElement("template");
  template.innerHTML = excerpt;
  return [...template.content.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

function displayDate(iso) {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

function renderResult(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  heading.className = "search-result-title";
  const link = Object.assign(document.createElement("a"), { href: data.url, textContent: data.meta.title });
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "meta";
  if (data.meta.date) {
    const time = Object.assign(document.createElement("time"), { dateTime: data.meta.date });
    time.textContent = displayDate(data.meta.date);
    meta.append(time);
  }
  if (data.meta.place) meta.append(data.meta.date ? " · " : "", data.meta.place);
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(heading, meta, excerpt);
  return item;
}

function statusText(query) {
  const n = results.length;
  const values = { n: numberFormat.format(n), q: query, shown: numberFormat.format(shown) };
  if (n === 0) return format(query ? strings.none_query : strings.none, values);
  const key = (query ? "count_query" : "count") + (n === 1 ? "_one" : "");
  return format(strings[key], values);
}

async function showMore(mine, focusFirst) {
  const slice = results.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(slice.map((result) => result.data()));
  if (mine !== generation) return;
  const items = data.map(renderResult);
  list.append(...items);
  shown += items.length;
  more.hidden = shown >= results.length;
  more.setAttribute("aria-label", `${strings.more} (${format(strings.shown, { shown, n: results.length })})`);
  if (focusFirst && items.length) items[0].querySelector("a").focus();
}

async function search() {
  clearTimeout(timer);
  const mine = ++generation;
  writeUrl();
  const query = input.value.trim();
  const filters = {};
  for (const key of facets) {
    const values = selected(key);
    if (values.length) filters[key] = { any: values };
  }
  if (!query && Object.keys(filters).length === 0) {
    results = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = strings.prompt;
    updateCounts(null);
    root.dataset.status = "idle";
    return;
  }
  root.dataset.status = "searching";
  root.setAttribute("aria-busy", "true");
  const options = { filters };
  // Without a query there is no relevance to rank by, so the order is always by date.
  if (sortSelect.value === NEWEST || !query) options.sort = { date: "desc" };
  const found = await pagefind.search(query || null, options);
  if (mine !== generation) return;
  results = found.results;
  shown = 0;
  list.replaceChildren();
  await showMore(mine, false);
  if (mine !== generation) return;
  const counts = await facetCounts(query, filters, found);
  if (mine !== generation) return;
  updateCounts(counts);
  status.textContent = statusText(query);
  root.removeAttribute("aria-busy");
  root.dataset.status = "done";     // tests and scripts wait on this
}

function searchSoon() {
  clearTimeout(timer);
  timer = setTimeout(search, DEBOUNCE_MS);
}

async function start() {
  const initial = readUrl();
  try {
    pagefind = await openShards(root.dataset.shards, root.dataset.base);
    totals = await pagefind.filters();
    buildFilters(totals, initial);
  } catch (error) {
    status.textContent = strings.error;
    root.dataset.status = "error";
    console.error(error);
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", searchSoon);
  sortSelect.addEventListener("change", search);
  filterBox.addEventListener("change", (event) => {
    if (event.target.matches(".search-options input")) search();
  });
  more.addEventListener("click", () => showMore(generation, true));
  await search();
}

start();
