import { Component, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { RPCError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { SignatureDialog } from "@web/core/signature/signature_dialog";
import { user } from "@web/core/user";
import { useBus, useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The lending counter (借阅台). A scan anywhere on the screen reaches Odoo's barcode
 * service; a code typed in the input and Enter does the same. Each code is one call
 * to dossier.counter.scan, which says what it calls for: the approved loan to check
 * out (confirmed by a click or by scanning the label again), the return check of the
 * loan that is out (each document ticked by hand), or what a location should hold.
 * The borrower signs the check-out and the archivist the return check on the screen
 * (Odoo's signature dialog); the signature goes with the confirmation.
 */
export class DossierCounter extends Component {
    static template = "partner_dossier.DossierCounter";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.dialog = useService("dialog");
        this.codeInput = useRef("codeInput");
        this.state = useState({
            code: "",
            result: null,
            done: "",
            error: "",
            busy: false,
            statuses: {},
        });
        useBus(useService("barcode").bus, "barcode_scanned", (ev) =>
            this.onScan(ev.detail.barcode)
        );
    }

    get returnLoan() {
        return this.state.result?.action === "return" ? this.state.result.loan : null;
    }

    get undecidedCount() {
        const loan = this.returnLoan;
        return loan ? loan.documents.filter((doc) => !this.state.statuses[doc.id]).length : 0;
    }

    get truncatedNote() {
        const { dossiers, total } = this.state.result;
        return _t("The first %(shown)s of %(total)s dossiers are listed.", {
            shown: dossiers.length,
            total,
        });
    }

    get statusChoices() {
        return [
            ["present", _t("Present"), "btn-outline-success"],
            ["missing", _t("Missing"), "btn-outline-danger"],
            ["damaged", _t("Damaged"), "btn-outline-warning"],
        ];
    }

    async onScan(code) {
        code = (code || "").trim();
        if (!code || this.state.busy) {
            return;
        }
        const result = this.state.result;
        // Scanning the label of the dossier on screen again confirms its one
        // approved loan: two scans for a check-out.
        if (
            result?.action === "checkout" &&
            result.loans.length === 1 &&
            code === result.code
        ) {
            return this.checkOut(result.loans[0].id);
        }
        await this.call("scan", [code]);
    }

    async onSubmit(ev) {
        ev.preventDefault();
        const code = this.state.code;
        this.state.code = "";
        await this.onScan(code);
    }

    /**
     * Ask for a signature in Odoo's signature dialog, then call ``method`` with
     * ``args`` and the signature (PNG, base64) last.
     */
    sign(signer, method, args) {
        this.dialog.add(SignatureDialog, {
            defaultName: signer,
            nameAndSignatureProps: { displaySignatureRatio: 3, noInputName: true },
            uploadSignature: ({ signatureImage }) =>
                this.call(method, [...args, signatureImage.split(",")[1] || false]),
        });
    }

    checkOut(loanId) {
        const loan = this.state.result.loans.find((candidate) => candidate.id === loanId);
        this.sign(loan?.borrower || "", "check_out", [loanId]);
    }

    setStatus(documentId, status) {
        this.state.statuses[documentId] = status;
    }

    allPresent() {
        for (const doc of this.returnLoan.documents) {
            if (!this.state.statuses[doc.id]) {
                this.state.statuses[doc.id] = "present";
            }
        }
    }

    confirmReturn() {
        this.sign(user.name, "check_return", [
            this.returnLoan.id,
            { ...this.state.statuses },
        ]);
    }

    openDossier(dossierId) {
        return this.action.doActionButton({
            type: "object",
            resModel: "dossier.dossier",
            resId: dossierId,
            name: "action_open_logged",
        });
    }

    async call(method, args) {
        this.state.busy = true;
        this.state.error = "";
        try {
            const result = await this.orm.call("dossier.counter", method, args);
            const sameLoan =
                result.action === "return" && this.returnLoan?.id === result.loan?.id;
            this.state.result = result;
            this.state.done = result.done || "";
            if (!sameLoan || result.done) {
                this.state.statuses = {};
            }
        } catch (error) {
            if (!(error instanceof RPCError)) {
                throw error;
            }
            // What the procedures refuse, said on the screen where the scan is.
            this.state.error = error.data?.message || error.message;
            this.state.done = "";
        } finally {
            this.state.busy = false;
        }
    }
}

registry.category("actions").add("partner_dossier.counter", DossierCounter);
