import { useEffect } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { pick } from "@web/core/utils/objects";
import { CharField, charField } from "@web/views/fields/char/char_field";

/**
 * The scan box of a stock-taking. A scanner types the folder's label and Enter:
 * Enter records the code at once, as the button named in the options does, so
 * the archivist scans folder after folder without touching the screen.
 */
export class DossierScanField extends CharField {
    static props = { ...CharField.props, button: { type: String } };

    setup() {
        super.setup();
        useEffect(
            (input) => {
                if (!input) {
                    return;
                }
                const onKeydown = (ev) => {
                    if (ev.key === "Enter" && input.value.trim()) {
                        ev.preventDefault();
                        ev.stopPropagation();
                        this.recordScan(input.value);
                    }
                };
                input.addEventListener("keydown", onKeydown);
                return () => input.removeEventListener("keydown", onKeydown);
            },
            () => [this.input.el]
        );
    }

    async recordScan(code) {
        const record = this.props.record;
        await record.update({ [this.props.name]: code });
        await this.env.onClickViewButton({
            clickParams: { name: this.props.button, type: "object" },
            getResParams: () =>
                pick(record, "context", "evalContext", "resModel", "resId", "resIds"),
        });
    }
}

registry.category("fields").add("dossier_scan", {
    ...charField,
    component: DossierScanField,
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...charField.extractProps(fieldInfo, dynamicInfo),
        button: fieldInfo.options.button,
    }),
});
