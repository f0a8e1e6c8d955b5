/**
 * The console's own labels, each as [中文, English] in one place so the two languages never
 * drift apart. Keys follow react-admin: resources.<name>.fields.*, plus kejin.* for the rest.
 */
type Pair = [zh: string, en: string];
type Tree = { [key: string]: Pair | Tree };

const STATUS: Tree = {
  draft: ['草稿', 'Draft'], municipal_review: ['地市推荐', 'Municipal review'], provincial_review: ['省级审核', 'Provincial review'],
  supplement_requested: ['待补正', 'Supplement requested'], expert_review: ['专家评审', 'Expert review'], site_inspection: ['实地考察', 'Site inspection'],
  admitted: ['已纳入', 'Admitted'], rejected: ['未通过', 'Rejected'], withdrawn: ['已撤回', 'Withdrawn'],
};

const tree: Tree = {
  resources: {
    applications: {
      name: ['申报 |||| 申报', 'Application |||| Applications'],
      fields: {
        id: ['编号', 'ID'], orgName: ['申报单位', 'Organisation'], creditCode: ['统一社会信用代码', 'Credit code'], system: ['体系', 'System'],
        category: ['类型', 'Category'], applicantKind: ['申报渠道', 'Applicant kind'], city: ['地市', 'City'], status: ['状态', 'Status'],
        currentStep: ['当前环节', 'Current step'], submittedAt: ['提交时间', 'Submitted'], createdAt: ['创建时间', 'Created'], decidedAt: ['决定时间', 'Decided'],
        q: ['搜索', 'Search'],
        plan: {
          regionalFeatures: ['区域特色', 'Regional features'], serviceTargets: ['服务对象', 'Service targets'], serviceRegion: ['服务区域', 'Service region'],
          serviceModel: ['服务模式', 'Service model'], innovation: ['创新性', 'Innovation'],
        },
        checklist: {
          venue: ['服务场地（接待、会议、活动、展示）', 'Service venue (reception, meeting, activity, exhibition)'],
          headExperience: ['负责人具有金融机构从业经历', 'Head has financial-institution experience'],
          stableTeam: ['稳定的专业服务团队', 'A stable, trained team'],
          serviceCapability: ['科技信贷、创投融资、上市辅导、政策咨询、人才培训能力', 'Tech credit, VC, listing coaching, policy and training capability'],
          noViolations: ['无违法违规记录', 'No record of violations'],
        },
      },
      tabs: { organisation: ['机构信息', 'Organisation'], plan: ['建设方案', 'Construction plan'], checklist: ['资质条件与佐证材料', 'Qualifications and evidence'], thresholds: ['准入指标', 'Threshold figures'] },
    },
    tasks: {
      name: ['待办 |||| 待办任务', 'Task |||| Task inbox'],
      fields: {
        title: ['案件', 'Case'], step: ['环节', 'Step'], role: ['角色', 'Role'], city: ['地市', 'City'], assignee: ['处理人', 'Assignee'],
        dueAt: ['办理期限', 'Due'], status: ['状态', 'Status'], escalationLevel: ['催办', 'Escalation'], overdue: ['已超期', 'Overdue'], priority: ['优先级', 'Priority'],
      },
    },
    'sub-centers': {
      name: ['分中心 |||| 分中心名录', 'Sub-center |||| Roster'],
      fields: { name: ['名称', 'Name'], creditCode: ['统一社会信用代码', 'Credit code'], system: ['体系', 'System'], category: ['类型', 'Category'], city: ['地市', 'City'], status: ['状态', 'Status'], admittedAt: ['纳入日期', 'Admitted'], q: ['搜索', 'Search'] },
    },
    users: {
      name: ['用户 |||| 用户与角色', 'User |||| Users and roles'],
      fields: { username: ['用户名', 'Username'], displayName: ['姓名/单位', 'Name'], roles: ['角色', 'Roles'], city: ['地市', 'City'], organizationId: ['所属机构', 'Organisation'], active: ['启用', 'Active'], locked: ['已锁定', 'Locked'], password: ['密码', 'Password'], q: ['搜索', 'Search'] },
    },
    'evaluation-rounds': {
      name: ['评价轮次 |||| 评价轮次', 'Evaluation round |||| Evaluation rounds'],
      fields: { year: ['年度', 'Year'], system: ['体系', 'System'], status: ['状态', 'Status'], openedBy: ['开启人', 'Opened by'], results: ['评价结果', 'Results'], commendations: ['通报表彰', 'Commendations'] },
    },
    evaluations: {
      name: ['绩效评价 |||| 绩效评价', 'Evaluation |||| Evaluations'],
      fields: { year: ['年度', 'Year'], subCenter: ['分中心', 'Sub-center'], status: ['状态', 'Status'], grade: ['等级', 'Grade'], totalScore: ['总分', 'Score'], city: ['地市', 'City'], system: ['体系', 'System'] },
    },
    revocations: {
      name: ['撤销 |||| 资质撤销', 'Revocation |||| Revocations'],
      fields: { subCenter: ['分中心', 'Sub-center'], trigger: ['起因', 'Trigger'], reason: ['理由', 'Reason'], status: ['状态', 'Status'], statement: ['陈述申辩', 'Statement'], decision: ['决定', 'Decision'] },
    },
    payouts: {
      name: ['后补助 |||| 后补助拨付', 'Payout |||| Payouts'],
      fields: { subCenter: ['分中心', 'Sub-center'], year: ['年度', 'Year'], amount: ['金额', 'Amount'], status: ['状态', 'Status'], reason: ['事由', 'Reason'], paidAt: ['拨付时间', 'Paid'] },
    },
    'competition-tasks': {
      name: ['揭榜任务 |||| 揭榜挂帅任务清单', 'Competition task |||| Open competition'],
      fields: { year: ['年度', 'Year'], title: ['任务', 'Task'], goal: ['目标', 'Goal'], deliverables: ['交付成果', 'Deliverables'], status: ['状态', 'Status'], bidDeadline: ['揭榜截止', 'Bid deadline'], winners: ['揭榜单位数', 'Winners'], budget: ['后补助预算', 'Budget'], milestones: ['里程碑', 'Milestones'], 'eligibility.systems': ['可揭榜体系', 'Eligible systems'], bids: ['揭榜方案', 'Bids'] },
    },
    bids: {
      name: ['揭榜方案 |||| 揭榜方案', 'Bid |||| Bids'],
      fields: { subCenter: ['分中心', 'Sub-center'], plan: ['实施方案', 'Plan'], team: ['团队', 'Team'], requestedAmount: ['申请金额', 'Requested'], score: ['专家评分', 'Score'], status: ['状态', 'Status'], competitionTitle: ['任务', 'Task'] },
    },
    'rule-sets': {
      name: ['规则 |||| 规则版本', 'Rule set |||| Rule sets'],
      fields: { kind: ['规则类别', 'Kind'], version: ['版本', 'Version'], comment: ['修改说明', 'Reason'], createdBy: ['修改人', 'Changed by'], createdAt: ['修改时间', 'Changed'], current: ['现行', 'In force'], body: ['规则内容 (JSON)', 'Rules (JSON)'] },
    },
  },
  kejin: {
    title: ['科金 · 广东省科技金融服务网络', 'Kejin · Guangdong sci-tech finance network'],
    status: STATUS,
    step: { municipal_review: STATUS.municipal_review!, provincial_review: STATUS.provincial_review!, expert_review: STATUS.expert_review!, site_inspection: STATUS.site_inspection! },
    system: { tech_service: ['科技服务体系', 'Tech-service'], financial: ['金融服务体系', 'Financial'] },
    category: {
      comprehensive: ['综合型', 'Comprehensive'], industrial: ['产业型', 'Industrial'], specialty: ['特色型', 'Specialty'],
      bank: ['银行', 'Bank'], venture_capital: ['创投', 'Venture capital'], insurance: ['保险', 'Insurance'], guarantee: ['担保', 'Guarantee'],
      leasing: ['融资租赁', 'Leasing'], factoring: ['保理', 'Factoring'], securities: ['证券', 'Securities'], equity_exchange: ['区域性股权交易中心', 'Regional equity exchange'],
    },
    applicantKind: { municipal: ['地市推荐', 'Via city bureau'], provincial_unit: ['省直单位/省属企业', 'Provincial unit'], central_enterprise_branch: ['央企驻粤分支机构', 'Central-enterprise branch'], financial_hq: ['金融机构广东总部', 'Financial institution HQ'] },
    role: {
      applicant: ['申报单位', 'Applicant'], municipal_reviewer: ['地市审核员', 'Municipal reviewer'], provincial_reviewer: ['省级审核员', 'Provincial reviewer'],
      expert: ['专家', 'Expert'], finance: ['财务', 'Finance'], admin: ['管理员', 'Administrator'], auditor: ['审计', 'Auditor'],
    },
    taskStatus: { open: ['待办', 'Open'], done: ['已办', 'Done'], cancelled: ['已取消', 'Cancelled'] },
    decision: {
      title: ['审批', 'Decide'], approve: ['同意', 'Approve'], recommend: ['同意推荐', 'Recommend'], admit: ['同意纳入', 'Admit'], return: ['退回补正', 'Return for supplement'],
      reject: ['不予通过', 'Reject'], expert_review: ['提交专家评审', 'Ask for expert scoring'], site_inspection: ['安排实地考察', 'Arrange site inspection'],
      score: ['提交评分', 'Submit score'], inspected: ['提交考察记录', 'Record inspection'],
      comment: ['审批意见', 'Written opinion'], supplementDays: ['补正期限（工作日）', 'Supplement deadline (working days)'], scoreField: ['评分 (0–100)', 'Score (0–100)'],
      noConflict: ['本人声明与申报单位无利益冲突', 'I declare no conflict of interest with the applicant'], findings: ['考察发现', 'Findings'],
      done: ['已提交审批意见', 'Decision recorded'],
    },
    action: {
      submit: ['提交申报', 'Submit'], resubmit: ['补正后重新提交', 'Resubmit'], withdraw: ['撤回申请', 'Withdraw'], withdrawConfirm: ['确定撤回该申请？撤回后需重新申报。', 'Withdraw this application? You would have to apply again.'],
      claim: ['认领', 'Claim'], release: ['释放', 'Release'], decide: ['审批', 'Decide'], history: ['审计轨迹', 'History'], openCase: ['查看案件', 'Open case'],
      upload: ['上传佐证材料', 'Upload evidence'], submitted: ['已提交', 'Submitted'], withdrawn: ['已撤回', 'Withdrawn'], claimed: ['已认领', 'Claimed'], released: ['已释放', 'Released'],
      uploaded: ['已上传 %{name}', 'Uploaded %{name}'], temporalUi: ['在 Temporal UI 中查看', 'Open in Temporal UI'],
    },
    show: {
      timeline: ['办理进度', 'Progress'], asked: ['需要您做的', 'What is asked of you'], openTasks: ['当前待办', 'Open tasks'], thresholds: ['准入指标核验', 'Threshold check'],
      expertScores: ['专家评分', 'Expert scores'], inspections: ['实地考察', 'Site inspections'], attachments: ['佐证材料', 'Evidence'], decision: ['决定', 'Decision'],
      draftHint: ['请完善申报材料后提交。', 'Complete the application, then submit it.'],
      supplementHint: ['请于 %{due} 前补正并重新提交：%{reason}', 'Please supplement and resubmit by %{due}: %{reason}'],
      waitingHint: ['%{step}办理中，期限 %{due}。', '%{step} in progress, due %{due}.'],
      passed: ['达标', 'Pass'], failed: ['未达标', 'Fail'], required: ['要求', 'Required'], value: ['申报值', 'Value'], indicator: ['指标', 'Indicator'],
      noAttachments: ['尚无佐证材料', 'No evidence yet'],
    },
    history: {
      title: ['审计轨迹与流程历史', 'Audit trail and process history'], audit: ['审计轨迹', 'Audit trail'], events: ['Temporal 事件历史', 'Temporal event history'],
      intact: ['完整', 'intact'], broken: ['校验失败', 'tampered'], actingFor: ['代理', 'acting for'],
    },
    dashboard: {
      title: ['科技金融服务网络概览', 'Network overview'], roster: ['各地市分中心数量', 'Sub-centers by city'], statuses: ['申报案件状态', 'Applications by status'],
      openTasks: ['待办任务', 'Open tasks'], overdueTasks: ['超期任务', 'Overdue tasks'], welcome: ['欢迎，%{name}', 'Welcome, %{name}'],
    },
    caseStatus: {
      in_progress: ['进行中', 'In progress'], graded: ['已评定并公布', 'Graded and published'], self_report: ['自评', 'Self-report'], written_review: ['书面审核', 'Written review'],
      correction: ['更正', 'Correction'], expert_scoring: ['专家评分', 'Expert scoring'], onsite: ['现场评估', 'On-site assessment'], scored: ['已评分', 'Scored'],
      rectification: ['整改中', 'Rectification'], closed: ['已结束', 'Closed'], statement_period: ['陈述申辩期', 'Statement period'], decision: ['待决定', 'Awaiting decision'],
      revoked: ['已撤销', 'Revoked'], kept: ['保留资质', 'Kept'], pending_approval: ['待财务审批', 'Awaiting finance'], approved: ['已批准', 'Approved'], paid: ['已拨付', 'Paid'],
      refused_budget: ['预算不足未拨付', 'Refused: budget'],
      open: ['揭榜中', 'Open for bids'], award: ['待评定', 'Awaiting award'], unawarded: ['未揭榜', 'Unawarded'],
      submitted: ['已提交', 'Submitted'], won: ['揭榜成功', 'Won'], lost: ['未入选', 'Not selected'], accepted: ['验收通过', 'Accepted'], failed: ['验收未通过', 'Failed'],
    },
    grade: { excellent: ['优秀', 'Excellent'], good: ['良好', 'Good'], pass: ['合格', 'Pass'], fail: ['不合格', 'Fail'] },
    stepName: {
      self_report: ['自评报告', 'Self-report'], correction: ['更正自评报告', 'Correct the report'], written_review: ['书面审核', 'Written review'], expert_scoring: ['专家评分', 'Expert scoring'],
      onsite: ['现场评估', 'On-site assessment'], rectification_plan: ['整改方案', 'Rectification plan'], rectification_review: ['整改方案审核', 'Rectification review'],
      statement: ['陈述申辩', 'Statement'], revocation_decision: ['撤销决定', 'Revocation decision'], payout_approval: ['后补助审批', 'Payout approval'],
      bid_scoring: ['揭榜方案评分', 'Bid scoring'], award: ['揭榜评定', 'Award'], milestone_report: ['里程碑报告', 'Milestone report'], milestone_review: ['里程碑审核', 'Milestone review'], acceptance: ['验收', 'Acceptance'],
    },
    form: {
      narratives: ['附录B 定性说明', 'Annex B narratives'], operations: ['运营管理', 'Operations'], capability: ['服务能力', 'Capability'], results: ['服务成效', 'Results'],
      reportHeard: ['听取负责人汇报', 'Report heard'], siteInspected: ['实地查看场地', 'Site inspected'], staffInterviewed: ['访谈工作人员', 'Staff interviewed'],
      statement: ['陈述申辩内容', 'Statement'], measures: ['整改措施', 'Measures'], completeBy: ['整改完成日期', 'Complete by'],
      revoke: ['撤销资质', 'Revoke'], keep: ['保留资质', 'Keep'], pass: ['审核通过', 'Accept'], returnOnce: ['退回更正', 'Return for correction'],
      approvePayout: ['同意拨付', 'Approve payment'], rejectPayout: ['不予拨付', 'Refuse payment'], submitForm: ['提交', 'Submit'],
      feasibility: ['可行性', 'Feasibility'], bidCapability: ['实施能力', 'Capability'], value: ['预期价值', 'Value'], winners: ['揭榜单位', 'Winners'], reasons: ['评定理由', 'Reasons'],
      progress: ['进展情况', 'Progress'], deliverablesDone: ['交付成果', 'Deliverables'], result: ['验收结论', 'Result'],
      passed: ['通过', 'Passed'], passed_with_conditions: ['有条件通过', 'Passed with conditions'], failed: ['不通过', 'Failed'],
      publish: ['发布', 'Publish'], published: ['已发布', 'Published'], bid: ['揭榜', 'Bid'], bidSubmitted: ['已提交揭榜方案', 'Bid submitted'],
    },
    annexA: { title: ['附录A 定量指标（按地市）', 'Annex A figures by city'], loans: ['对接贷款金额（万元）', 'Matched loans (10k CNY)'], investment: ['对接投资金额（万元）', 'Matched investment (10k CNY)'], bySystem: ['按体系汇总', 'By system'], year: ['年度', 'Year'] },
    evidenceItem: { venue: ['服务场地', 'Venue'], headExperience: ['负责人经历', 'Head experience'], stableTeam: ['专业团队', 'Team'], serviceCapability: ['服务能力', 'Capability'], noViolations: ['无违规记录', 'No violations'] },
    filter: { mine: ['我认领的', 'Claimed by me'], unclaimed: ['未认领', 'Unclaimed'], overdue: ['已超期', 'Overdue'] },
  },
};

function build(node: Tree, index: 0 | 1): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, Array.isArray(v) ? v[index] : build(v as Tree, index)]));
}
export const zhMessages = build(tree, 0);
export const enMessages = build(tree, 1);
