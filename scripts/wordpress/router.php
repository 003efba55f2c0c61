<?php
// Router for `php -S` serving Debian's WordPress (/usr/share/wordpress, the document root) for one instance
// of scripts/wordpress.sh. Started with two environment variables:
//   DIFANG_WP_CONFIG   the NAME Debian's wp-config.php looks up as /etc/wordpress/config-NAME.php (the
//                      host name cannot tell two instances on 127.0.0.1 apart: Debian drops the port)
//   DIFANG_WP_CONTENT  the instance's wp-content folder, served under /wp-content/
// Static files of WordPress itself go to the built-in server; PHP files run here; any other path goes to
// index.php, which is what pretty permalinks (and /wp-json/) need.

$_SERVER['WORDPRESS_CONFIG'] = getenv('DIFANG_WP_CONFIG');

/** The PHP file to run for this request, or true when answered here, or false for the built-in server. */
function difang_route(): string|bool
{
    $path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
    if (str_contains($path, '/..')) {
        http_response_code(400);
        return true;
    }
    if (str_starts_with($path, '/wp-content/')) {
        difang_send_content(getenv('DIFANG_WP_CONTENT') . substr($path, strlen('/wp-content')));
        return true;
    }
    $docroot = $_SERVER['DOCUMENT_ROOT'];
    $file = $docroot . $path;
    if (is_dir($file)) {
        $file = rtrim($file, '/') . '/index.php';
    }
    if (!is_file($file)) {
        return $docroot . '/index.php';
    }
    return str_ends_with($file, '.php') ? $file : false;
}

/** Sends a static file of the instance's wp-content (uploads, the themes' assets), never a PHP file. */
function difang_send_content(string $file): void
{
    if (!is_file($file) || str_ends_with($file, '.php')) {
        http_response_code(404);
        echo "Not Found\n";
        return;
    }
    $types = [
        'css' => 'text/css', 'js' => 'text/javascript', 'json' => 'application/json',
        'svg' => 'image/svg+xml', 'png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg',
        'gif' => 'image/gif', 'webp' => 'image/webp', 'avif' => 'image/avif', 'ico' => 'image/x-icon',
        'woff' => 'font/woff', 'woff2' => 'font/woff2', 'ttf' => 'font/ttf',
        'mp4' => 'video/mp4', 'webm' => 'video/webm', 'mp3' => 'audio/mpeg', 'txt' => 'text/plain',
    ];
    $ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
    header('Content-Type: ' . ($types[$ext] ?? (mime_content_type($file) ?: 'application/octet-stream')));
    header('Content-Length: ' . filesize($file));
    header('Last-Modified: ' . gmdate('D, d M Y H:i:s', filemtime($file)) . ' GMT');
    if ($_SERVER['REQUEST_METHOD'] !== 'HEAD') {
        readfile($file);
    }
}

$difang_script = difang_route();
if (is_bool($difang_script)) {
    return $difang_script;
}
// WordPress expects to run at the top level (its globals), as the requested script.
$_SERVER['SCRIPT_FILENAME'] = $difang_script;
$_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = substr($difang_script, strlen($_SERVER['DOCUMENT_ROOT']));
chdir(dirname($difang_script));
require $difang_script;
