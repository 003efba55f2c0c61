<?php
// Installs WordPress into the instance's (empty) database without a browser, or leaves an installed one as
// it is, then sets the permalink structure. Run by `scripts/wordpress.sh start`.
// Usage: php install.php ADMIN_PASSWORD_FILE PERMALINK_STRUCTURE   ('' = plain permalinks)

define('WP_INSTALLING', true);

// The installer mails the new administrator, and this machine has no sendmail.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password)
{
}

require __DIR__ . '/load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

// No HTTP while installing: wp_install() probes the (not yet served) site to try pretty permalinks.
add_filter('pre_http_request', fn () => new WP_Error('offline', 'no HTTP during the install'));

[, $password_file, $structure] = $argv;
if (!is_blog_installed()) {
    $password = trim(file_get_contents($password_file));
    $result = wp_install('Difang WordPress', 'admin', 'admin@example.com', true, '', $password);
    if (is_wp_error($result['user_id'] ?? null)) {
        difang_fail('wp_install: ' . $result['user_id']->get_error_message());
    }
    update_option('timezone_string', 'Asia/Shanghai');
}

global $wp_rewrite;
$wp_rewrite->set_permalink_structure($structure);
$wp_rewrite->flush_rules(false);
