<?php
// Loads the WordPress of one scripts/wordpress.sh instance into a command-line PHP process, for the helpers
// beside this file. The script passes the instance in the environment: DIFANG_WP_CONFIG (the NAME of
// /etc/wordpress/config-NAME.php) and DIFANG_WP_HOST (127.0.0.1:PORT).

$_SERVER['WORDPRESS_CONFIG'] = getenv('DIFANG_WP_CONFIG');
$_SERVER['HTTP_HOST'] = getenv('DIFANG_WP_HOST');
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = explode(':', getenv('DIFANG_WP_HOST'))[1] ?? '80';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REQUEST_URI'] = '/';

/** Prints MESSAGE on stderr and exits with 1. */
function difang_fail(string $message): never
{
    fwrite(STDERR, $message . "\n");
    exit(1);
}

// A fatal error or a wp_die() (no database, say) is to fail the command with its message on stderr, not
// to print WordPress's HTML error page and exit with 0. The filter is registered before WordPress loads.
define('WP_DISABLE_FATAL_ERROR_HANDLER', true);
$GLOBALS['wp_filter']['wp_die_handler'][10][] = ['function' => fn () => 'difang_die', 'accepted_args' => 1];

function difang_die(mixed $message, mixed $title = ''): never
{
    if (is_wp_error($message)) {
        $message = $message->get_error_message();
    }
    difang_fail('WordPress: ' . trim(html_entity_decode(strip_tags((string) $message))));
}

require '/usr/share/wordpress/wp-load.php';

/** Acts as the administrator `admin`: an administrator has `unfiltered_html`, so kses keeps the HTML. */
function difang_as_admin(): WP_User
{
    $admin = get_user_by('login', 'admin') ?: difang_fail('no user admin: was the instance installed?');
    wp_set_current_user($admin->ID);
    return $admin;
}
