from parsel import Selector

from newscrawl.extract.blocks import blocks_from


def blocks(html: str):
    return blocks_from(Selector(text=f"<div id=root>{html}</div>").css("#root")[0].root)


def test_paragraphs_headings_and_list_items_become_blocks_in_order() -> None:
    found = blocks("<p>One <b>two</b></p><h4>Head</h4><ul><li>Item</li></ul>tail text")
    assert [(b.text, b.tag) for b in found] == [
        ("One two", "p"),
        ("Head", "h4"),
        ("Item", "li"),
        ("tail text", "div"),
    ]
    assert found[1].is_heading


def test_link_share_is_measured_per_block() -> None:
    para, item = blocks(
        '<p>Read <a href="/x">this story</a> now</p><li><a href="/y">All link</a></li>'
    )
    assert para.links == 1 and 0.3 < para.link_density < 0.7
    assert item.link_density == 1.0


def test_scripts_styles_and_empty_blocks_are_skipped() -> None:
    found = blocks(
        "<p>Text</p><script>var x = 1;</script><style>p{}</style><p> </p><noscript>JS</noscript>"
    )
    assert [b.text for b in found] == ["Text"]


def test_br_separates_lines_inside_a_paragraph() -> None:
    assert [b.text for b in blocks("<p>First line<br>Second line</p>")] == [
        "First line",
        "Second line",
    ]


def test_a_drop_cap_styled_apart_joins_its_word_again() -> None:
    found = blocks('<span class="cap">T</span><p>urkey and Poland were removed.</p><p>A</p>')
    assert [b.text for b in found] == ["Turkey and Poland were removed.", "A"]


def test_blocks_inside_a_wrapping_link_count_the_link() -> None:
    card = blocks('<a href="/story"><h3>Other story</h3><p>Its summary, all of it linked.</p></a>')
    assert [(b.links, b.link_density) for b in card] == [(1, 1.0), (1, 1.0)]


def test_a_headline_set_twice_in_one_element_is_said_once() -> None:
    found = blocks(
        '<h2><a href="/a">Mike Johnson’s Art of the Deal</a> Mike Johnson’s Art of the Deal</h2>'
        "<p>Yes yes</p>"
    )
    assert [(b.text, b.link_density) for b in found] == [
        ("Mike Johnson’s Art of the Deal", 1.0),
        ("Yes yes", 0.0),
    ]


def test_embed_wrappers_info_boxes_and_affiliate_notes_are_furniture() -> None:
    html = (
        '<div id=root><p>Text</p><div class="embed-wrapper embed-wrapper--blocked">'
        "<h3>External content</h3><p>Show it with one click.</p></div>"
        '<div class="Infobox"><p>What to know about the election</p></div>'
        '<div class="affiliate_info">Links marked with a symbol earn us a commission.</div>'
        "</div>"
    )
    found = blocks_from(Selector(text=html).css("#root")[0].root, mark_furniture=True)
    assert [(b.text, b.furniture is not None) for b in found] == [
        ("Text", False),
        ("External content", True),
        ("Show it with one click.", True),
        ("What to know about the election", True),
        ("Links marked with a symbol earn us a commission.", True),
    ]


def test_a_panel_hidden_by_a_utility_class_is_skipped_unless_a_screen_size_shows_it() -> None:
    found = blocks(
        '<div class="card hidden aria-expanded:block"><p>Summary made by a machine</p></div>'
        '<div class="hidden md:block"><p>Desktop teaser text</p></div>'
        '<p class="not-hidden">Body text</p>'
    )
    assert [b.text for b in found] == ["Desktop teaser text", "Body text"]


def test_an_articles_own_header_is_not_page_furniture() -> None:
    html = (
        "<div id=root><header><nav>Menu</nav></header><article><header><h1>Headline</h1>"
        "<p>The standfirst.</p></header><p>Body</p></article></div>"
    )
    found = blocks_from(Selector(text=html).css("#root")[0].root, mark_furniture=True)
    assert [(b.text, b.furniture is not None) for b in found] == [
        ("Menu", True),
        ("Headline", False),
        ("The standfirst.", False),
        ("Body", False),
    ]


def test_nesting_past_the_depth_cap_is_read_as_one_run_of_text() -> None:
    # 300 nested tables are 1,200 elements deep: walked one frame an element, the walk
    # would pass Python's recursion limit.
    deep = "<table><tr><td>" * 300 + "Deep cell <b>text</b><script>x()</script>"
    found = blocks(f"<p>Opening paragraph</p>{deep}" + "</td></tr></table>" * 300)
    assert [b.text for b in found] == ["Opening paragraph", "Deep cell text"]


def test_run_together_reads_any_depth() -> None:
    from newscrawl.extract.blocks import run_together

    # 1,500 deep: past Python's recursion limit, within what lxml's parser keeps (~2,000).
    el = Selector(text="<h1>" + "<span>" * 1500 + "Deep" + "</span>" * 1500 + "</h1>")
    assert run_together(el.css("h1")[0].root).strip() == "Deep"
