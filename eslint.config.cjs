// ESLint for the addon's JavaScript, with the rules OCA's repository template
// sets for Odoo 18.0 and later (eslint 9, flat config); *.esm.js files are
// ES modules (Odoo's tours and components).
const globals = require("globals");
const jsdoc = require("eslint-plugin-jsdoc");

const warn = [
    "accessor-pairs", "array-callback-return", "callback-return",
    "constructor-super", "dot-notation", "eqeqeq", "global-require",
    "handle-callback-err", "id-blacklist", "id-match", "max-depth",
    "max-nested-callbacks", "max-statements-per-line", "no-alert",
    "no-array-constructor", "no-caller", "no-case-declarations",
    "no-class-assign", "no-constant-condition", "no-control-regex",
    "no-delete-var", "no-div-regex", "no-else-return",
    "no-empty-character-class", "no-empty", "no-extend-native", "no-extra-bind",
    "no-extra-boolean-cast", "no-extra-label", "no-fallthrough",
    "no-implicit-globals", "no-implied-eval", "no-inline-comments",
    "no-inner-declarations", "no-invalid-regexp", "no-irregular-whitespace",
    "no-iterator", "no-label-var", "no-labels", "no-lone-blocks",
    "no-multi-str", "no-negated-condition", "no-new-func", "no-new-object",
    "no-new-require", "no-new-symbol", "no-new-wrappers", "no-new",
    "no-obj-calls", "no-octal-escape", "no-octal", "no-param-reassign",
    "no-path-concat", "no-process-env", "no-process-exit", "no-proto",
    "no-prototype-builtins", "no-redeclare", "no-regex-spaces",
    "no-restricted-globals", "no-restricted-imports", "no-restricted-modules",
    "no-restricted-syntax", "no-script-url", "no-self-assign",
    "no-self-compare", "no-sequences", "no-shadow-restricted-names",
    "no-shadow", "no-sparse-arrays", "no-sync", "no-this-before-super",
    "no-throw-literal", "no-undef-init", "no-unmodified-loop-condition",
    "no-useless-call", "no-useless-computed-key", "no-useless-concat",
    "no-useless-constructor", "no-useless-escape", "no-useless-rename",
    "no-void", "no-with", "prefer-const", "radix", "require-yield",
    "sort-imports", "valid-typeof", "yoda",
    "jsdoc/check-tag-names", "jsdoc/check-types",
];
const error = [
    "init-declarations", "no-cond-assign", "no-const-assign", "no-debugger",
    "no-dupe-args", "no-dupe-class-members", "no-dupe-keys",
    "no-duplicate-case", "no-duplicate-imports", "no-empty-function",
    "no-empty-pattern", "no-eq-null", "no-eval", "no-ex-assign",
    "no-func-assign", "no-global-assign", "no-lonely-if", "no-mixed-requires",
    "no-native-reassign", "no-negated-in-lhs", "no-return-assign",
    "no-undef", "no-unneeded-ternary", "no-unreachable", "no-unsafe-finally",
    "no-unused-expressions", "no-unused-labels", "no-unused-vars",
    "no-use-before-define", "use-isnan",
];
const rules = {
    ...Object.fromEntries(warn.map((rule) => [rule, "warn"])),
    ...Object.fromEntries(error.map((rule) => [rule, "error"])),
    "capitalized-comments": [
        "warn",
        "always",
        {ignoreConsecutiveComments: true, ignoreInlineComments: true},
    ],
    complexity: ["warn", 15],
    "no-implicit-coercion": ["warn", {allow: ["~"]}],
    "operator-assignment": ["error", "always"],
    "spaced-comment": ["error", "always"],
    strict: ["error", "function"],
    "jsdoc/require-param-description": "off",
    "jsdoc/require-return": "off",
    "jsdoc/require-return-description": "off",
    "jsdoc/require-return-type": "off",
};

module.exports = [
    {
        plugins: {jsdoc},
        languageOptions: {
            globals: {
                _: "readonly",
                $: "readonly",
                fuzzy: "readonly",
                jQuery: "readonly",
                moment: "readonly",
                odoo: "readonly",
                openerp: "readonly",
                owl: "readonly",
                luxon: "readonly",
                ...globals.browser,
            },
            ecmaVersion: 2024,
            sourceType: "script",
        },
        rules,
        settings: {
            jsdoc: {
                tagNamePreference: {
                    arg: "param",
                    argument: "param",
                    augments: "extends",
                    constructor: "class",
                    exception: "throws",
                    func: "function",
                    method: "function",
                    prop: "property",
                    return: "returns",
                    virtual: "abstract",
                    yield: "yields",
                },
                preferredTypes: {
                    array: "Array",
                    bool: "Boolean",
                    boolean: "Boolean",
                    number: "Number",
                    object: "Object",
                    str: "String",
                    string: "String",
                },
            },
        },
    },
    {
        files: ["**/*.esm.js"],
        languageOptions: {ecmaVersion: 2024, sourceType: "module"},
    },
];
