import {registry} from "@web/core/registry";

// An external participant (portal user) sees their organisation's commitments,
// moves one to the next stage and proposes an agenda item for their table.
// The data is prepared by kumppanuuspoyta/tests/test_portal_tour.py.
// Selectors avoid translated texts: links by address, fields by id or name;
// only names of the test data are matched.

const COMMITMENT = "Kerää yhdistysten uutiset";
const TABLE = "Pöytä Alfa";
const PROPOSAL = "Kyläkoulun tilat iltakäyttöön";

registry.category("web_tour.tours").add("kp_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open my commitments from the portal home",
            trigger: 'a[href="/my/kp/commitments"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "My organisation's commitment is listed",
            trigger: `.o_kp_portal_commitment a:contains("${COMMITMENT}")`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The commitment's page with its comments is open",
            trigger: ".o_kp_portal_commitment_page .o_portal_chatter",
        },
        {
            content: "Choose the next stage",
            trigger: ".o_kp_portal_commitment_page select[name=stage_id]",
            run: "selectByIndex 1",
        },
        {
            content: "Save the stage",
            trigger:
                ".o_kp_portal_commitment_page .o_kp_portal_stage_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the commitment, the stage is saved",
            trigger:
                ".o_kp_portal_commitment_page .o_kp_portal_saved:has(~ dl select[name=stage_id] option:eq(1):selected)",
        },
        {
            content: "Go to the portal home",
            trigger: '.o_portal_submenu a[href="/my/home"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open my partnership tables",
            trigger: 'a[href="/my/kp/tables"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the table",
            trigger: `a:contains("${TABLE}")`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Write the proposal's title",
            trigger: "#kp_propose_name",
            run: `edit ${PROPOSAL}`,
        },
        {
            content: "Say what should be discussed",
            trigger: "#kp_propose_description",
            run: "edit Voisiko koulu olla kylän käytössä iltaisin?",
        },
        {
            content: "Estimate the time needed",
            trigger: "#kp_propose_duration",
            run: "edit 20",
        },
        {
            content: "Send the proposal",
            trigger: ".o_kp_portal_propose button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The proposal is among my proposals, waiting for the convener",
            trigger: `.o_kp_portal_proposals li:contains("${PROPOSAL}")`,
        },
    ],
});

// On a phone, a proposal the server refuses (a title of spaces only) comes
// back at its form: the message on the screen, next to the title, which is
// marked invalid. The page is prepared by
// kumppanuuspoyta/tests/test_portal_tour.py.
registry.category("web_tour.tours").add("kp_portal_proposal_error_tour", {
    steps: () => [
        {
            content: "Type only spaces as the proposal's title",
            trigger: "#kp_propose_name",
            run() {
                this.anchor.value = "   ";
            },
        },
        {
            content: "Send the proposal",
            trigger: ".o_kp_portal_propose button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The message is on the screen, next to the title",
            trigger: ".o_kp_portal_error",
            run() {
                const error = this.anchor;
                const field = document.querySelector("#kp_propose_name");
                const box = error.getBoundingClientRect();
                if (box.top < 0 || box.bottom > window.innerHeight) {
                    throw new Error(
                        `The message is at ${Math.round(box.top)} px on a screen ` +
                            `of ${window.innerHeight} px`
                    );
                }
                if (
                    field.getAttribute("aria-invalid") !== "true" ||
                    field.getAttribute("aria-describedby") !== error.id
                ) {
                    throw new Error("The title is not marked with its message");
                }
            },
        },
    ],
});
