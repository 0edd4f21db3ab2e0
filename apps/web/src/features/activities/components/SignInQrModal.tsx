import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Modal, Result, Space, Spin, Typography } from 'antd';
import { FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client.ts';
import { useActivity, useSignInCode } from '../activities.api.ts';
import { formatTime } from '../activity-time.ts';
import '../activities.css';

/**
 * 签到二维码 for the secretary to show at the meeting (on a projector): members scan it with the
 * phone they are logged in on. The code is a signed token valid from 30 minutes before the start
 * to 30 minutes after the end; while the modal is open the sign-in count refreshes.
 */
export function SignInQrModal({ activityId, title, open, onClose }: { activityId: number; title: string; open: boolean; onClose: () => void }) {
  const code = useSignInCode(activityId, open);
  const detail = useActivity(open ? activityId : undefined, open ? 15_000 : undefined);
  const [image, setImage] = useState<string | null>(null);
  const [qrError, setQrError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const url = code.data ? `${window.location.origin}${code.data.path}` : null;

  useEffect(() => {
    setImage(null);
    if (!url) return;
    let live = true;
    // The QR library loads only when a secretary opens the code.
    import('qrcode')
      .then(({ default: QRCode }) => QRCode.toDataURL(url, { width: 720, margin: 2, errorCorrectionLevel: 'L' }))
      .then((d) => live && setImage(d))
      .catch((e: unknown) => live && setQrError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [url]);

  const now = Date.now();
  const from = code.data ? Date.parse(code.data.validFrom) : 0;
  const until = code.data ? Date.parse(code.data.validUntil) : 0;
  const s = detail.data?.attendance;
  const signed = s?.filter((a) => a.signedInAt).length ?? 0;
  const expected = detail.data?.attendanceSummary.expected ?? 0;

  return (
    <Modal
      title="签到二维码"
      open={open}
      onCancel={onClose}
      width={620}
      destroyOnHidden
      footer={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void code.refetch()} loading={code.isFetching}>
            刷新
          </Button>
          <Button icon={<FullscreenOutlined />} disabled={!image} onClick={() => void box.current?.requestFullscreen?.()}>
            全屏显示（投影）
          </Button>
          <Button type="primary" onClick={onClose}>
            关闭
          </Button>
        </Space>
      }
    >
      {code.isLoading && <Spin style={{ display: 'block', margin: 48 }} />}
      {code.error && <Result status="warning" title="无法生成签到二维码" subTitle={errorMessage(code.error)} />}
      {qrError && <Alert type="error" showIcon title={`二维码生成失败：${qrError}`} />}
      {code.data && (
        <>
          {now < from && <Alert type="info" showIcon title={`签到将于 ${formatTime(code.data.validFrom)} 开放（会前30分钟）`} style={{ marginBottom: 8 }} />}
          {now > until && <Alert type="warning" showIcon title="签到时间已过，扫码将无法签到；请在出勤名单中直接登记" style={{ marginBottom: 8 }} />}
          <div ref={box} className="xf-qr-full" data-testid="sign-in-qr">
            <Typography.Title level={4} className="xf-qr-caption" style={{ margin: '4px 0 8px', textAlign: 'center' }}>
              {title}
            </Typography.Title>
            {image ? <img src={image} alt="签到二维码" width={340} height={340} style={{ imageRendering: 'pixelated' }} /> : <Spin style={{ margin: 120 }} />}
            <Typography.Paragraph className="xf-qr-caption" style={{ margin: '8px 0 0', fontSize: 16, textAlign: 'center' }}>
              请用手机登录“先锋”后扫码签到
            </Typography.Paragraph>
            <Typography.Text type="secondary" className="xf-qr-caption" style={{ textAlign: 'center' }}>
              有效时间：{formatTime(code.data.validFrom)} 至 {formatTime(code.data.validUntil)}
            </Typography.Text>
            {detail.data && (
              <Typography.Text className="xf-qr-caption" style={{ marginTop: 4, fontSize: 15 }} data-testid="signed-count">
                已扫码签到 <b>{signed}</b> 人 / 应到 {expected} 人
              </Typography.Text>
            )}
          </div>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
            名单内党员扫码后记为“出席”；名单外的党员扫码后记为列席。签到人数每15秒刷新一次。
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
