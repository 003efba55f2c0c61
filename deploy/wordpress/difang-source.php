<?php
/**
 * Plugin Name: Difang source fields
 * Description: Registers the post meta Difang reads from WordPress: `source` (the 来源, e.g. 资阳日报) and
 *              `source_url` (the link to the original, http or https only), both exposed in the REST API.
 * Version:     1.0
 *
 * A must-use plugin: copy this single file into wp-content/mu-plugins/ (create the folder if missing);
 * WordPress loads it on every request, there is nothing to activate. Editors fill in the two fields in the
 * "Custom Fields" panel of a post (classic editor: below the text; block editor: Preferences > Panels >
 * Custom fields), as the keys `source` and `source_url`.
 */

defined('ABSPATH') || exit;

add_action('init', function () {
    // Posts have the Custom Fields panel by default; make sure a theme or plugin has not removed it.
    add_post_type_support('post', 'custom-fields');

    $can_edit = function ($allowed, $meta_key, $post_id, $user_id) {
        return user_can($user_id, 'edit_post', $post_id);
    };

    register_post_meta('post', 'source', [
        'type'              => 'string',
        'description'       => '来源: who published the article first, e.g. 资阳日报.',
        'single'            => true,
        'show_in_rest'      => true,
        'sanitize_callback' => 'sanitize_text_field',
        'auth_callback'     => $can_edit,
    ]);

    register_post_meta('post', 'source_url', [
        'type'              => 'string',
        'description'       => 'The address of the original article (http or https).',
        'single'            => true,
        'show_in_rest'      => true,
        'sanitize_callback' => function ($url) {
            return esc_url_raw(trim((string) $url), ['http', 'https']);
        },
        'auth_callback'     => $can_edit,
    ]);
});
