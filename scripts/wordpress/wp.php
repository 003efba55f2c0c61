<?php
// Edits a scripts/wordpress.sh instance the way an editor would, through WordPress's PHP API, as the
// administrator. Each action prints one line (the post or term as JSON, or a new post's id) and exits
// non-zero on failure.
//
//   edit ID [title=…] [content=…] [excerpt=…]    wp_update_post
//   meta ID KEY VALUE                            update_post_meta, then saves the post as the editor does
//                                                (so its modified date moves, as it does in the editor)
//   unpublish ID | publish ID                    to draft | published (wp_update_post)
//   trash ID | untrash ID                        wp_trash_post | wp_untrash_post (WordPress restores to draft)
//   delete ID                                    wp_delete_post, skipping the trash
//   create CATEGORY_SLUG TITLE CONTENT           a published post by the seeded author; prints its id
//   category SLUG [name=…] [description=…]       wp_update_term
//   retitle SUFFIX ID…                           appends SUFFIX to each post's title in one database
//                                                transaction: other requests see all of the edits or none
//
// Usage: php wp.php ACTION ARGS…   (with the environment load.php reads)

require __DIR__ . '/load.php';

difang_as_admin();
$action = $argv[1] ?? '';
$args = array_slice($argv, 2);

switch ($action) {
    case 'edit':
        $id = difang_post_id($args);
        $fields = difang_fields(array_slice($args, 1), ['title' => 'post_title', 'content' => 'post_content', 'excerpt' => 'post_excerpt']);
        difang_update_post(['ID' => $id] + $fields);
        difang_print_post($id);
        break;

    case 'meta':
        count($args) === 3 || difang_usage();
        $id = difang_post_id($args);
        update_post_meta($id, wp_slash($args[1]), wp_slash($args[2]));
        difang_update_post(['ID' => $id]);
        difang_print_post($id);
        break;

    case 'unpublish':
    case 'publish':
        $id = difang_post_id($args);
        difang_update_post(['ID' => $id, 'post_status' => $action === 'publish' ? 'publish' : 'draft']);
        difang_print_post($id);
        break;

    case 'trash':
        $id = difang_post_id($args);
        wp_trash_post($id) || difang_fail("trash $id failed");
        difang_print_post($id);
        break;

    case 'untrash':
        $id = difang_post_id($args);
        wp_untrash_post($id) || difang_fail("untrash $id failed (is it in the trash?)");
        difang_print_post($id);
        break;

    case 'delete':
        $id = difang_post_id($args);
        wp_delete_post($id, true) || difang_fail("delete $id failed");
        echo json_encode(['id' => $id, 'deleted' => true]), "\n";
        break;

    case 'create':
        count($args) === 3 || difang_usage();
        [$slug, $title, $content] = $args;
        $category = get_term_by('slug', $slug, 'category') ?: difang_fail("no category $slug");
        $author = get_user_by('login', 'ziyang-ribao') ?: wp_get_current_user();
        $id = wp_insert_post(wp_slash([
            'post_type'     => 'post',
            'post_status'   => 'publish',
            'post_author'   => $author->ID,
            'post_title'    => $title,
            'post_content'  => $content,
            'post_category' => [$category->term_id],
        ]), true);
        is_wp_error($id) && difang_fail('create: ' . $id->get_error_message());
        echo $id, "\n";
        break;

    case 'category':
        count($args) >= 1 || difang_usage();
        $term = get_term_by('slug', $args[0], 'category') ?: difang_fail("no category {$args[0]}");
        $fields = difang_fields(array_slice($args, 1), ['name' => 'name', 'description' => 'description']);
        $result = wp_update_term($term->term_id, 'category', wp_slash($fields));
        is_wp_error($result) && difang_fail('category: ' . $result->get_error_message());
        $term = get_term($term->term_id, 'category');
        echo json_encode(['id' => $term->term_id, 'slug' => $term->slug, 'name' => $term->name,
            'description' => $term->description, 'parent' => $term->parent], JSON_UNESCAPED_UNICODE), "\n";
        break;

    case 'retitle':
        count($args) >= 2 || difang_usage();
        $suffix = $args[0];
        global $wpdb;
        $wpdb->query('START TRANSACTION');
        foreach (array_slice($args, 1) as $raw) {
            $id = difang_post_id([$raw]);
            difang_update_post(['ID' => $id, 'post_title' => get_post($id)->post_title . $suffix]);
        }
        $wpdb->query('COMMIT');
        echo json_encode(['retitled' => count($args) - 1], JSON_UNESCAPED_UNICODE), "\n";
        break;

    default:
        difang_usage();
}

function difang_usage(): never
{
    preg_match_all('/^\/\/ (  .*)$/m', file_get_contents(__FILE__), $lines); // the list of actions above
    difang_fail("usage: scripts/wordpress.sh wp DIR ACTION ARGS…\n" . implode("\n", $lines[1]));
}

/** The existing post whose id is the first argument. */
function difang_post_id(array $args): int
{
    $id = (int) ($args[0] ?? 0);
    $id > 0 || difang_usage();
    get_post($id) ?: difang_fail("no post $id");
    return $id;
}

/** KEY=VALUE arguments as WordPress fields, through MAP (argument key => field); an unknown key fails. */
function difang_fields(array $pairs, array $map): array
{
    $fields = [];
    foreach ($pairs as $pair) {
        [$key, $value] = array_pad(explode('=', $pair, 2), 2, null);
        isset($map[$key], $value) || difang_fail("expected one of " . implode('=…, ', array_keys($map)) . "=…, got: $pair");
        $fields[$map[$key]] = $value;
    }
    $fields || difang_fail('nothing to change');
    return $fields;
}

function difang_update_post(array $fields): void
{
    $result = wp_update_post(wp_slash($fields), true);
    is_wp_error($result) && difang_fail('wp_update_post: ' . $result->get_error_message());
}

function difang_print_post(int $id): void
{
    clean_post_cache($id);
    $post = get_post($id);
    echo json_encode([
        'id'           => $post->ID,
        'status'       => $post->post_status,
        'title'        => $post->post_title,
        'modified_gmt' => $post->post_modified_gmt,
    ], JSON_UNESCAPED_UNICODE), "\n";
}
