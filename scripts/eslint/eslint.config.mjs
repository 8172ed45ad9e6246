// make lint: ESLint's recommended rules on the addon's JavaScript (its widgets and
// tours), as ES modules run in the browser by Odoo's asset bundles.
import js from "@eslint/js";

const browser = [
    "console",
    "document",
    "window",
    "setTimeout",
    "clearTimeout",
    "KeyboardEvent",
    "PointerEvent",
    "MouseEvent",
    "Event",
    "URL",
];

export default [
    js.configs.recommended,
    {
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
            globals: {
                ...Object.fromEntries(browser.map((name) => [name, "readonly"])),
                odoo: "readonly",
            },
        },
    },
];
