<?php
// Post 9001 of seed.php: core block markup as WordPress 6.1's block editor saves it (a table with head and
// caption, a gallery of nested image blocks, a video, a YouTube embed (not expanded offline), a pullquote, a
// nested list, an h4), plus what the classic editor writes: an image inside <p> and a [caption] shortcode.
// Included by seed.php, which provides $media ('/media/NAME' => [attachment id, URL]).

$image = function (string $name, string $alt, string $caption) use ($media): string {
    [$id, $url] = $media["/media/$name"];
    return <<<HTML
<!-- wp:image {"id":$id,"sizeSlug":"large","linkDestination":"none"} -->
<figure class="wp-block-image size-large"><img src="$url" alt="$alt" class="wp-image-$id"/><figcaption class="wp-element-caption">$caption</figcaption></figure>
<!-- /wp:image -->
HTML;
};
[$lake_id, $lake_url] = $media['/media/lake.svg'];
[$park_id, $park_url] = $media['/media/park.svg'];
$video_url = dirname($lake_url) . '/ziyang-intro.mp4'; // no such file: only the markup matters

$gallery = implode("\n\n", [
    $image('river.svg', '蜿蜒的江水与江边步道', '沱江风光'),
    $image('hanque.svg', '绿地上的两座石阙', '汉阙遗址'),
    $image('lemon.svg', '枝头的三颗柠檬', '安岳柠檬'),
]);

return [
    'slug'    => 'block-markup-sample',
    'title'   => '块编辑器标记样例:表格、图库、视频与引文',
    'excerpt' => '一篇用 WordPress 6.1 核心区块写成的测试文章,涵盖表格、图库、视频、嵌入、引文、嵌套列表和经典编辑器图片。',
    'content' => <<<HTML
<!-- wp:paragraph -->
<p>这篇文章用 WordPress 6.1 的核心区块写成,用来检验地方网对真实编辑器标记的处理。</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":4} -->
<h4>一、资阳市各区县一览</h4>
<!-- /wp:heading -->

<!-- wp:table -->
<figure class="wp-block-table"><table><thead><tr><th>区县</th><th>类型</th><th>特产</th></tr></thead><tbody><tr><td>雁江区</td><td>市辖区</td><td>蜜柚</td></tr><tr><td>安岳县</td><td>县</td><td>柠檬</td></tr><tr><td>乐至县</td><td>县</td><td>黑山羊</td></tr></tbody></table><figcaption class="wp-element-caption">资阳市各区县(示意数据)</figcaption></figure>
<!-- /wp:table -->

<!-- wp:gallery {"linkTo":"none"} -->
<figure class="wp-block-gallery has-nested-images columns-default is-cropped">$gallery
<figcaption class="blocks-gallery-caption wp-element-caption">资阳风光图集</figcaption></figure>
<!-- /wp:gallery -->

<!-- wp:video -->
<figure class="wp-block-video"><video controls src="$video_url"></video><figcaption class="wp-element-caption">资阳城市宣传片</figcaption></figure>
<!-- /wp:video -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=aqz-KE-bpKQ","type":"video","providerNameSlug":"youtube","responsive":true,"className":"wp-embed-aspect-16-9 wp-has-aspect-ratio"} -->
<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=aqz-KE-bpKQ
</div><figcaption class="wp-element-caption">一段 YouTube 视频</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:pullquote -->
<figure class="wp-block-pullquote"><blockquote><p>看家乡事,品故乡情。</p><cite>地方网</cite></blockquote></figure>
<!-- /wp:pullquote -->

<!-- wp:list -->
<ul><li>雁江区<ul><li>莲花街道</li><li>狮子山街道</li></ul></li><li>安岳县<ol><li>岳阳镇</li><li>石桥街道</li></ol></li><li>乐至县</li></ul>
<!-- /wp:list -->

<p><img class="alignnone size-full wp-image-$lake_id" src="$lake_url" alt="晨光中的湖畔步道" width="800" height="450" /></p>

[caption id="attachment_$park_id" align="aligncenter" width="800"]<img class="size-full wp-image-$park_id" src="$park_url" alt="公园山坡上的步道与亭子" width="800" height="450" /> 凤岭公园一角[/caption]

<!-- wp:paragraph -->
<p>文章到此结束。</p>
<!-- /wp:paragraph -->
HTML,
];
