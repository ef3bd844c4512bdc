"""What the browser tests do again and again: search and wait, read results, check the page width."""

from __future__ import annotations

from playwright.sync_api import Page

from reformsite.pages import kinds as pages


def has_page_kind(word: str) -> bool:
    """Whether the engine renders a page kind whose function name contains *word* ("place", "indicator")."""
    return any(word in kind.__name__ for kind in pages.PAGE_KINDS)


def mark_stale(page: Page) -> None:
    """Forget the last finished search, so the next wait sees the search the test starts."""
    page.evaluate("document.getElementById('search').dataset.status = 'stale'")


def wait_for_search(page: Page) -> None:
    page.wait_for_selector("#search[data-status=done], #search[data-status=idle], #search[data-status=error]",
                           state="attached")
    assert page.get_attribute("#search", "data-status") != "error", page.inner_text("#search-status")


def open_search(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_search(page)


def search_for(page: Page, text: str) -> None:
    """Type *text* into the search box as a reader would, and wait for its results."""
    mark_stale(page)
    page.fill("#search-q", text)
    page.press("#search-q", "Enter")     # at once, rather than after the typing pause
    wait_for_search(page)


def toggle_filter(page: Page, facet: str, value: str) -> None:
    mark_stale(page)
    page.locator(f'.search-facet[data-facet="{facet}"] summary').evaluate(
        "el => el.parentElement.open = true")
    page.locator(f'.search-facet[data-facet="{facet}"] li').filter(has_text=value).locator("input").click()
    wait_for_search(page)


def result_titles(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(".search-result-title a").all_inner_texts()]


def result_dates(page: Page) -> list[str]:
    return page.locator(".search-result time").evaluate_all("els => els.map(e => e.dateTime)")


def query_params(page: Page) -> dict[str, list[str]]:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(page.url).query)


def fits_width(page: Page) -> bool:
    """No horizontal scrolling: nothing is wider than the viewport."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def wider_than_viewport(page: Page) -> list[str]:
    """The elements that stick out on the right, to say which one breaks a phone layout."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""")


def words_broken_across_lines(page: Page, longest: int = 24) -> list[str]:
    """Words (up to *longest* characters) whose letters sit on two lines: "04/ 11/ 20 24", "phườn g".
    A longer token, such as a web address, may have to break to fit a phone's width."""
    return page.evaluate("""(longest) => {
        const broken = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (!parent || !parent.checkVisibility() || parent.closest('svg, .visually-hidden, script, style')) continue;
            for (const match of node.data.matchAll(/[^\\s–—]+/g)) {   // a range may break after its dash
                if (match[0].length > longest) continue;
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (tops.size > 1) broken.push(match[0]);
            }
        }
        return broken.slice(0, 10);
    }""", longest)
