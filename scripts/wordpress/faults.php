<?php
/**
 * Test-only must-use plugin (scripts/wordpress.sh installs it in its own instances, never in deploy/):
 * while the file `fault` next to wp-content names a mode, the REST API answers the way a CMS in trouble
 * does, so the WordPress sync's failure handling is tested against a real WordPress.
 *   500      an HTML error page with status 500
 *   html     status 200 with an HTML maintenance page instead of JSON
 *   badjson  status 200, Content-Type application/json, a body cut off half-way
 *   slow     the answer after 8 seconds (longer than the sync waits at the tests' 1 s interval: 5 s)
 * Set and cleared with: scripts/wordpress.sh fault DIR MODE|none
 */
$difang_fault_file = dirname(WP_CONTENT_DIR) . '/fault';
if (is_readable($difang_fault_file)) {
    $difang_fault = trim((string) file_get_contents($difang_fault_file));
    add_filter('rest_pre_serve_request', function ($served) use ($difang_fault) {
        switch ($difang_fault) {
            case '500':
                status_header(500);
                header('Content-Type: text/html; charset=UTF-8');
                echo '<!doctype html><h1>Error establishing a database connection</h1>';
                return true;
            case 'html':
                status_header(200);
                header('Content-Type: text/html; charset=UTF-8');
                echo '<!doctype html><title>Maintenance</title><p>Briefly unavailable for scheduled maintenance.</p>';
                return true;
            case 'badjson':
                status_header(200);
                header('Content-Type: application/json; charset=UTF-8');
                echo '[{"id": 1, "title": {"rendered": "';
                return true;
            case 'slow':
                sleep(8);
                return $served;
        }
        return $served;
    }, 0);
}
