registerTab("lanes", { enter() {}, reset() {} });
