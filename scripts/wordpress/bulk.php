<?php
// Adds N published posts to a scripts/wordpress.sh instance quickly, for benchmarks of syncing many posts:
// real posts made by wp_insert_post (the REST API lists them like any other), ids from 100001 on (or after
// the highest id there), spread over the channel categories of content/site.json, each an <h2> and three
// paragraphs in block markup, dated a minute apart up to now.
// Fast because everything runs in one PHP process, as the administrator (no kses), in transactions of
// 500 posts, with what WordPress's own importers use: WP_IMPORTING (no pings or enclosure checks queued),
// deferred term counting and suspended cache invalidation.
// Usage: php bulk.php SITE_JSON N   (with the environment load.php reads)

define('WP_IMPORTING', true);
require __DIR__ . '/load.php';

const DIFANG_FIRST_BULK_ID = 100001;
const DIFANG_BATCH = 500;

[, $site_file, $count] = $argv + [1 => null, 2 => null];
($site_file && ctype_digit((string) $count)) || difang_fail('usage: bulk.php SITE_JSON N');
$count = (int) $count;
$site = json_decode(file_get_contents($site_file), true, 512, JSON_THROW_ON_ERROR);

$admin = difang_as_admin();
$author = get_user_by('login', 'ziyang-ribao') ?: $admin;
$channels = [];
foreach ($site['regions'] as $region) {
    foreach ($region['cities'] as $city) {
        foreach ($city['channels'] as $channel) {
            $term = get_term_by('slug', $channel['slug'], 'category') ?: difang_fail("no category {$channel['slug']}: run seed first");
            $channels[] = [$term->term_id, $channel['name']];
        }
    }
}

global $wpdb;
$first = max(DIFANG_FIRST_BULK_ID, (int) $wpdb->get_var("SELECT MAX(ID) FROM $wpdb->posts") + 1);
$now = time();
$started = microtime(true);

wp_defer_term_counting(true);
wp_suspend_cache_invalidation(true);
wp_suspend_cache_addition(true);
$block = fn (string $name, string $html) => "<!-- wp:$name -->\n$html\n<!-- /wp:$name -->";

for ($i = 0; $i < $count; $i++) {
    if ($i % DIFANG_BATCH === 0) {
        $i && $wpdb->query('COMMIT');
        $wpdb->query('START TRANSACTION');
    }
    $id = $first + $i;
    [$category, $channel_name] = $channels[$i % count($channels)];
    $gmt = gmdate('Y-m-d H:i:s', $now - ($count - $i) * 60);
    $content = implode("\n\n", [
        $block('paragraph', "<p>{$channel_name}消息:这是第 {$id} 号批量测试文章的导语,用来检验地方网同步大量文章时的速度。</p>"),
        $block('heading', "<h2>第 {$id} 号文章的小标题</h2>"),
        $block('paragraph', '<p>记者从有关部门了解到,相关工作正在有序推进,群众反映良好。下一步,将继续完善配套措施,确保各项任务按时完成。</p>'),
        $block('paragraph', '<p>据介绍,此次活动覆盖全市各区县,参与人数较往年明显增加,受到广大市民的欢迎和好评。</p>'),
    ]);
    $result = wp_insert_post(wp_slash([
        'import_id'     => $id,
        'post_type'     => 'post',
        'post_status'   => 'publish',
        'post_author'   => $author->ID,
        'post_name'     => "bulk-$id",
        'post_title'    => "{$channel_name}批量文章第 {$id} 号",
        'post_content'  => $content,
        'post_date'     => get_date_from_gmt($gmt),
        'post_date_gmt' => $gmt,
        'post_category' => [$category],
        'meta_input'    => ['source' => '地方网批量测试'],
    ]), true);
    if (is_wp_error($result) || $result !== $id) {
        $wpdb->query('COMMIT');
        difang_fail("post $id: " . (is_wp_error($result) ? $result->get_error_message() : "got id $result"));
    }
}
$wpdb->query('COMMIT');
wp_suspend_cache_invalidation(false);
wp_defer_term_counting(false); // updates the deferred counts
foreach (array_column($channels, 0) as $term_id) {
    clean_term_cache($term_id, 'category');
}

printf("bulk: %d posts, ids %d-%d, in %.1f s\n", $count, $first, $first + $count - 1, microtime(true) - $started);
