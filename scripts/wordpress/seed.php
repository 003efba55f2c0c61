<?php
// Seeds a freshly started scripts/wordpress.sh instance through WordPress's own PHP API, as the administrator
// (so kses keeps the HTML): the site tree of content/site.json as categories (region > city > channel, the
// channel's tagline as its description), content/media as attachments under wp-content/uploads/media/,
// every article of content/articles as a published post with the article's id, and two test posts:
// 9001 (WordPress 6.1 core block markup) and 9002 (hostile HTML, stored unfiltered).
// A second run refuses: start a fresh instance instead.
// Usage: php seed.php CONTENT_DIR   (with the environment load.php reads)

require __DIR__ . '/load.php';

const DIFANG_FIRST_ATTACHMENT = 8001;
const DIFANG_RICH_POST = 9001;
const DIFANG_HOSTILE_POST = 9002;

[, $content] = $argv + [1 => null];
$content ?? difang_fail('usage: seed.php CONTENT_DIR');
$site = json_decode(file_get_contents("$content/site.json"), true, 512, JSON_THROW_ON_ERROR);

difang_as_admin();
if (term_exists($site['regions'][0]['slug'], 'category')) {
    difang_fail('this instance is seeded already: start a fresh one (scripts/wordpress.sh start NEWDIR PORT)');
}

update_option('blogname', $site['name']);
update_option('blogdescription', $site['description']);
// WordPress's sample post and page, so that the site holds Difang's content only.
wp_delete_post(1, true);
wp_delete_post(2, true);

$author = difang_check(wp_insert_user([
    'user_login'    => 'ziyang-ribao',
    'user_nicename' => 'ziyang-ribao',
    'user_email'    => 'ziyang-ribao@example.com',
    'user_pass'     => wp_generate_password(24),
    'display_name'  => '资阳日报编辑',
    'nickname'      => '资阳日报编辑',
    'role'          => 'author',
]), 'author');

// The site tree.
$channels = []; // slug => [term id, name]
foreach ($site['regions'] as $region) {
    $region_id = difang_category($region['name'], $region['slug'], 0);
    foreach ($region['cities'] as $city) {
        $city_id = difang_category($city['name'], $city['slug'], $region_id);
        foreach ($city['channels'] as $channel) {
            $channels[$channel['slug']] = [difang_category($channel['name'], $channel['slug'], $city_id, $channel['tagline']), $channel['name']];
        }
    }
}

// The articles, read first: their images' alt texts describe the attachments.
$articles = [];
foreach (glob("$content/articles/*.json") as $file) {
    $article = json_decode(file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
    $article['slug'] = preg_replace('/^\d+-/', '', basename($file, '.json'));
    $articles[$article['id']] = $article;
}
ksort($articles);
$alts = [];
foreach ($articles as $article) {
    foreach (array_merge([$article['lead_image'] ?? null], array_column($article['body'], 'image')) as $image) {
        if ($image) {
            $alts[$image['url']] ??= $image['alt'];
        }
    }
}

// The media: files in uploads/media/, each an attachment (ids from 8001, in file name order).
$uploads = wp_get_upload_dir();
wp_mkdir_p($uploads['basedir'] . '/media');
$media = []; // '/media/NAME' => [attachment id, URL]
$next_attachment = DIFANG_FIRST_ATTACHMENT;
foreach (glob("$content/media/*") as $source) {
    $name = basename($source);
    $path = $uploads['basedir'] . "/media/$name";
    copy($source, $path) || difang_fail("cannot copy $source to $path");
    $url = $uploads['baseurl'] . "/media/$name";
    $mime = wp_check_filetype($name, ['svg' => 'image/svg+xml'] + wp_get_mime_types())['type'];
    $id = difang_check(wp_insert_attachment([
        'import_id'      => $next_attachment,
        'post_title'     => pathinfo($name, PATHINFO_FILENAME),
        'post_mime_type' => $mime,
        'post_status'    => 'inherit',
        'post_author'    => $author,
        'guid'           => $url,
    ], $path, 0, true), "attachment $name");
    difang_same_id($id, $next_attachment++);
    [$width, $height] = difang_image_size($path);
    wp_update_attachment_metadata($id, ['width' => $width, 'height' => $height, 'file' => "media/$name", 'sizes' => []]);
    if (isset($alts["/media/$name"])) {
        update_post_meta($id, '_wp_attachment_image_alt', wp_slash($alts["/media/$name"]));
    }
    $media["/media/$name"] = [$id, $url];
}

// The articles as posts.
foreach ($articles as $article) {
    [$category, $channel_name] = $channels[$article['channel']] ?? difang_fail("article {$article['id']}: no channel {$article['channel']}");
    $gmt = (new DateTimeImmutable($article['published_at']))->setTimezone(new DateTimeZone('UTC'))->format('Y-m-d H:i:s');
    $meta = ['source' => $article['source']];
    if (isset($article['origin_url'])) {
        $meta['source_url'] = $article['origin_url'];
    }
    $id = difang_check(wp_insert_post(wp_slash([
        'import_id'     => $article['id'],
        'post_type'     => 'post',
        'post_status'   => 'publish',
        'post_author'   => $author,
        'post_name'     => $article['slug'],
        'post_title'    => $article['title'],
        'post_excerpt'  => $article['excerpt'],
        'post_content'  => implode("\n\n", array_map(fn ($block) => difang_block($block, $media), $article['body'])),
        'post_date'     => get_date_from_gmt($gmt),
        'post_date_gmt' => $gmt,
        'post_category' => [$category],
        'tags_input'    => ['资阳', $channel_name],
        'meta_input'    => $meta,
    ]), true), "article {$article['id']}");
    difang_same_id($id, $article['id']);
    if (isset($article['lead_image'])) {
        set_post_thumbnail($id, $media[$article['lead_image']['url']][0]);
    }
}

// The two test posts.
$rich = require __DIR__ . '/rich-post.php';
$hostile = require __DIR__ . '/hostile-post.php';
$now = current_time('mysql', true);
foreach ([DIFANG_RICH_POST => $rich, DIFANG_HOSTILE_POST => $hostile] as $post_id => $post) {
    $id = difang_check(wp_insert_post(wp_slash([
        'import_id'     => $post_id,
        'post_type'     => 'post',
        'post_status'   => 'publish',
        'post_author'   => $author,
        'post_name'     => $post['slug'],
        'post_title'    => $post['title'],
        'post_excerpt'  => $post['excerpt'],
        'post_content'  => $post['content'],
        'post_date_gmt' => $now,
        'post_category' => [$channels['ziyang-news'][0]],
        'tags_input'    => ['资阳', $channels['ziyang-news'][1]],
        'meta_input'    => ['source' => '地方网测试'],
    ]), true), "post $post_id");
    difang_same_id($id, $post_id);
}
// The hostile markup must reach Difang as written: read it back from the database.
global $wpdb;
$stored = $wpdb->get_var($wpdb->prepare("SELECT post_content FROM $wpdb->posts WHERE ID = %d", DIFANG_HOSTILE_POST));
if ($stored !== $hostile['content']) {
    difang_fail('post ' . DIFANG_HOSTILE_POST . ' was filtered on its way into the database');
}

$ids = array_keys($articles);
printf("site: %s, %d categories (regions > cities > channels)\n", $site['name'], count(get_terms(['taxonomy' => 'category', 'hide_empty' => false])) - 1);
printf("author: user %d ziyang-ribao (资阳日报编辑)\n", $author);
printf("attachments: %d-%d (%d files in %s/media)\n", DIFANG_FIRST_ATTACHMENT, $next_attachment - 1, count($media), $uploads['basedir']);
printf("articles: %d posts, ids %d-%d; seed article 1001 (four <h2> sections, source and source_url)\n", count($ids), min($ids), max($ids));
printf("post %d: rich, WordPress 6.1 core blocks (table, gallery, video, embed, pullquote, nested list, h4, classic image, [caption])\n", DIFANG_RICH_POST);
printf("post %d: hostile, script/style/on* handlers/javascript: and data: links/iframe/svg/meta refresh/object/form, stored unfiltered\n", DIFANG_HOSTILE_POST);

/** The value, or exit with the error's message when it is a WP_Error (or 0, what some functions fail with). */
function difang_check(mixed $value, string $what): mixed
{
    if (is_wp_error($value)) {
        difang_fail("$what: " . $value->get_error_message());
    }
    return $value ?: difang_fail("$what: failed");
}

/** import_id is only a wish: WordPress takes the next free id when the wanted one is used. */
function difang_same_id(int $got, int $wanted): void
{
    if ($got !== $wanted) {
        difang_fail("wanted post id $wanted, WordPress gave $got (is the instance fresh?)");
    }
}

/** A category with parent PARENT (0: top level); returns its term id. */
function difang_category(string $name, string $slug, int $parent, string $description = ''): int
{
    $term = difang_check(wp_insert_term(wp_slash($name), 'category', wp_slash([
        'slug'        => $slug,
        'parent'      => $parent,
        'description' => $description,
    ])), "category $slug");
    return $term['term_id'];
}

/** [width, height] of an image: an SVG's root attributes (PHP here has no XML extension), else getimagesize. */
function difang_image_size(string $path): array
{
    if (str_ends_with($path, '.svg')) {
        preg_match('/<svg\b[^>]*>/', file_get_contents($path), $svg);
        preg_match('/\swidth="(\d+)/', $svg[0] ?? '', $width);
        preg_match('/\sheight="(\d+)/', $svg[0] ?? '', $height);
        return [(int) ($width[1] ?? 0), (int) ($height[1] ?? 0)];
    }
    return array_slice(getimagesize($path) ?: [0, 0], 0, 2);
}

function difang_escape(string $text): string
{
    return htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
}

/** One block of a Difang article as the block editor of WordPress 6.1 saves it. */
function difang_block(array $block, array $media): string
{
    $wrap = function (string $name, array $attrs, string $html): string {
        $json = $attrs ? ' ' . wp_json_encode($attrs, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) : '';
        return "<!-- wp:$name$json -->\n$html\n<!-- /wp:$name -->";
    };
    switch ($block['type']) {
        case 'paragraph':
            return $wrap('paragraph', [], '<p>' . difang_escape($block['text']) . '</p>');
        case 'heading':
            $level = (int) ($block['level'] ?? 2);
            return $wrap('heading', $level === 2 ? [] : ['level' => $level], "<h$level>" . difang_escape($block['text']) . "</h$level>");
        case 'quote':
            $cite = isset($block['cite']) && $block['cite'] !== '' ? '<cite>' . difang_escape($block['cite']) . '</cite>' : '';
            return $wrap('quote', [], '<blockquote class="wp-block-quote"><p>' . difang_escape($block['text']) . "</p>$cite</blockquote>");
        case 'list':
            $tag = empty($block['ordered']) ? 'ul' : 'ol';
            $items = implode('', array_map(fn ($item) => '<li>' . difang_escape($item) . '</li>', $block['items']));
            return $wrap('list', $tag === 'ol' ? ['ordered' => true] : [], "<$tag>$items</$tag>");
        case 'image':
            $image = $block['image'];
            [$id, $url] = $media[$image['url']] ?? difang_fail("no file for {$image['url']}");
            $caption = isset($block['caption']) && $block['caption'] !== ''
                ? '<figcaption class="wp-element-caption">' . difang_escape($block['caption']) . '</figcaption>' : '';
            return $wrap(
                'image',
                ['id' => $id, 'width' => $image['width'], 'height' => $image['height'], 'sizeSlug' => 'full', 'linkDestination' => 'none'],
                sprintf(
                    '<figure class="wp-block-image size-full is-resized"><img src="%s" alt="%s" class="wp-image-%d" width="%d" height="%d"/>%s</figure>',
                    esc_url($url), difang_escape($image['alt']), $id, $image['width'], $image['height'], $caption
                )
            );
        default:
            difang_fail("unknown block type {$block['type']}");
    }
}
